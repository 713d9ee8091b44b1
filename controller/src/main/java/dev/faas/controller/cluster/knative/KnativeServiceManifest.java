package dev.faas.controller.cluster.knative;

import dev.faas.controller.activator.ExecTimeout;
import dev.faas.controller.autoscaler.CallLimits;
import dev.faas.controller.autoscaler.ScalingPolicy;
import dev.faas.controller.cluster.ClusterLabels;
import dev.faas.controller.cluster.FunctionContainer;
import dev.faas.controller.cluster.SpecAnnotation;
import dev.faas.controller.function.FunctionSpec;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Knative Service of a function: the same hardened container as on plain Kubernetes, and the function's
 * scaling labels mapped to Knative's autoscaler (KPA) annotations on the revision template:
 * <ul>
 *   <li>{@code com.openfaas.scale.min} → {@code min-scale} when scaling to zero is off, else {@code 0};</li>
 *   <li>{@code com.openfaas.scale.max} → {@code max-scale};</li>
 *   <li>{@code com.openfaas.scale.target} → {@code target} (soft concurrency per replica);</li>
 *   <li>{@code com.openfaas.scale.zero-duration} (or the idle timeout) → {@code scale-to-zero-pod-retention-period};</li>
 *   <li>{@code dev.faas.concurrency} → {@code containerConcurrency} (the hard limit, 0 = unlimited);</li>
 *   <li>env var {@code exec_timeout} (default 60 s) → {@code timeoutSeconds}, so Knative cuts a call when the router would.</li>
 * </ul>
 */
@Singleton
@Requires(property = "faas.backend", value = "knative")
public class KnativeServiceManifest {
    static final String PREFIX = "autoscaling.knative.dev/";
    static final String MIN_SCALE = PREFIX + "min-scale";
    static final String MAX_SCALE = PREFIX + "max-scale";
    static final String TARGET = PREFIX + "target";
    static final String RETENTION = PREFIX + "scale-to-zero-pod-retention-period";

    private final FunctionContainer container;
    private final SpecAnnotation specs;

    public KnativeServiceManifest(FunctionContainer container, SpecAnnotation specs) {
        this.container = container;
        this.specs = specs;
    }

    /** The Knative Service named after the function; {@code minScale} overrides the policy's floor when not null. */
    public Service build(FunctionSpec spec, ScalingPolicy policy, String namespace, Integer minScale, String secretName) {
        Map<String, String> labels = ClusterLabels.of(spec.key());
        CallLimits limits = ScalingPolicy.callLimits(spec);
        Map<String, String> template = new LinkedHashMap<>(spec.annotations());
        template.put(PREFIX + "class", "kpa.autoscaling.knative.dev");
        template.put(PREFIX + "metric", "concurrency");
        template.put(MIN_SCALE, Integer.toString(minScale != null ? minScale : policy.idleReplicas()));
        template.put(MAX_SCALE, Integer.toString(policy.max()));
        template.put(TARGET, Integer.toString(policy.target()));
        template.put(RETENTION, policy.idleTimeout().toSeconds() + "s");
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(spec.service()).withNamespace(namespace).withLabels(labels)
                    .withAnnotations(Map.of(ClusterLabels.SPEC, specs.write(spec)))
                .endMetadata()
                .withNewSpec()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).withAnnotations(template).endMetadata()
                        .withNewSpec()
                            .withContainerConcurrency((long) limits.concurrency())
                            .withTimeoutSeconds((ExecTimeout.millis(spec) + 999) / 1000)
                            .withContainers(container.build(spec, "http1", false, secretName != null))
                            .withVolumes(container.volumes(secretName))
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }
}
