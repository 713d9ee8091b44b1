package dev.faas.controller.function;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Introspected;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A deployed function as stored by the controller: the OpenFaaS deployment fields plus when it was created.
 * Collections are never null once constructed.
 */
@Introspected
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionSpec(
        String service,
        String namespace,
        String image,
        String envProcess,
        Map<String, String> envVars,
        List<String> constraints,
        List<String> secrets,
        Map<String, String> labels,
        Map<String, String> annotations,
        Resources limits,
        Resources requests,
        boolean readOnlyRootFilesystem,
        Instant createdAt) {

    public FunctionSpec {
        namespace = FunctionKey.normalizeNamespace(namespace);
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    @JsonIgnore
    public FunctionKey key() {
        return new FunctionKey(namespace, service);
    }

    /** The same spec with another creation time (kept across updates). */
    public FunctionSpec withCreatedAt(Instant when) {
        return new FunctionSpec(service, namespace, image, envProcess, envVars, constraints, secrets, labels,
                annotations, limits, requests, readOnlyRootFilesystem, when);
    }
}
