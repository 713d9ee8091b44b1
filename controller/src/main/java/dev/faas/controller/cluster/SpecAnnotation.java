package dev.faas.controller.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.function.FunctionSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Writes a function's spec as JSON into the {@value ClusterLabels#SPEC} annotation of its main object and reads it
 * back: the cluster holds the spec, so a restarted controller rebuilds its view from the cluster alone. Holds
 * secret names, never values.
 */
@Singleton
@Requires(property = "faas.backend", pattern = ClusterSettings.CLUSTER_BACKENDS)
public class SpecAnnotation {
    private static final Logger LOG = LoggerFactory.getLogger(SpecAnnotation.class);

    private final ObjectMapper json;

    public SpecAnnotation(ObjectMapper json) {
        this.json = json;
    }

    /** The annotation's value for this spec. */
    public String write(FunctionSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the spec of " + spec.key() + " as JSON", e);
        }
    }

    /** The spec an object was made from; empty (with a warning) when it carries none or an unreadable one. */
    public Optional<FunctionSpec> read(HasMetadata object) {
        var annotations = object.getMetadata().getAnnotations();
        String text = annotations == null ? null : annotations.get(ClusterLabels.SPEC);
        if (text == null) {
            LOG.warn("{} '{}' in namespace '{}' is labelled as a function but has no {} annotation; ignored",
                    object.getKind(), object.getMetadata().getName(), object.getMetadata().getNamespace(), ClusterLabels.SPEC);
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(text, FunctionSpec.class));
        } catch (JsonProcessingException e) {
            LOG.warn("{} '{}' in namespace '{}' has an unreadable {} annotation ({}); ignored", object.getKind(),
                    object.getMetadata().getName(), object.getMetadata().getNamespace(), ClusterLabels.SPEC,
                    e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
