package dev.faas.controller.cluster.kubernetes;

import dev.faas.controller.cluster.ClusterLabels;
import dev.faas.controller.cluster.ClusterSettings;
import dev.faas.controller.cluster.FunctionContainer;
import dev.faas.controller.cluster.SpecAnnotation;
import dev.faas.controller.function.FunctionSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The Deployment of a function: its hardened container, replicas set by the controller's autoscaler, and a
 * rolling update that adds a new pod before it removes an old one, so the previous version serves until the new
 * one is ready. Carries the spec it was made from.
 */
@Singleton
@Requires(property = "faas.backend", value = "kubernetes")
public class DeploymentManifest {
    private final FunctionContainer container;
    private final SpecAnnotation specs;

    public DeploymentManifest(FunctionContainer container, SpecAnnotation specs) {
        this.container = container;
        this.specs = specs;
    }

    /** The Deployment named after the function in {@code namespace}; {@code secretName} null when it has no secrets. */
    public Deployment build(FunctionSpec spec, String namespace, int replicas, String secretName) {
        Map<String, String> labels = ClusterLabels.of(spec.key());
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(spec.service()).withNamespace(namespace).withLabels(labels)
                    .withAnnotations(Map.of(ClusterLabels.SPEC, specs.write(spec)))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(ClusterLabels.selector(spec.key())).endSelector()
                    .withNewStrategy().withType("RollingUpdate")
                        .withNewRollingUpdate().withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0))
                        .endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).withAnnotations(spec.annotations()).endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withTerminationGracePeriodSeconds(container.terminationGraceSeconds())
                            .withNewSecurityContext().withRunAsNonRoot(true)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(container.build(spec, "http", true, secretName != null))
                            .withVolumes(container.volumes(secretName))
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }
}
