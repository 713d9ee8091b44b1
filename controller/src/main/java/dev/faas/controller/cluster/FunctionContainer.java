package dev.faas.controller.cluster;

import dev.faas.controller.backend.SecretVolume;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hardened container of a function, the same in a Deployment and in a Knative Service: non-root, read-only
 * root filesystem with a small in-memory {@code /tmp}, no privilege escalation, every capability dropped, memory
 * and CPU from the spec, readiness on the runtime's {@code /_/health}, secrets mounted read-only from the
 * function's Kubernetes Secret at {@code /var/openfaas/secrets}. Environment as in the other backends; never
 * secret values.
 */
@Singleton
@Requires(property = "faas.backend", pattern = ClusterSettings.CLUSTER_BACKENDS)
public class FunctionContainer {
    /** The port the runtime serves on inside the container. */
    public static final int PORT = 8080;
    static final String TMP_VOLUME = "tmp";
    static final String SECRETS_VOLUME = "secrets";

    private final ClusterSettings settings;

    public FunctionContainer(ClusterSettings settings) {
        this.settings = settings;
    }

    /**
     * The container; {@code portName} is {@code http} for Deployments, {@code http1} for Knative (which sets
     * {@code PORT} itself and refuses it in the spec, so {@code setsPort} is false there).
     */
    public Container build(FunctionSpec spec, String portName, boolean setsPort, boolean withSecrets) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
        if (withSecrets) {
            mounts.add(new VolumeMountBuilder().withName(SECRETS_VOLUME).withMountPath(SecretVolume.CONTAINER_PATH)
                    .withReadOnly(true).build());
        }
        return new ContainerBuilder()
                .withName("function")
                .withImage(spec.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .addNewPort().withName(portName).withContainerPort(PORT).withProtocol("TCP").endPort()
                .withEnv(environment(spec, setsPort))
                .withResources(resources(spec))
                .withNewReadinessProbe()
                    .withNewHttpGet().withPath("/_/health").withNewPort(PORT).endHttpGet()
                    .withPeriodSeconds(1).withTimeoutSeconds(1).withFailureThreshold(3).withSuccessThreshold(1)
                .endReadinessProbe()
                .withSecurityContext(new SecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(settings.runAsUser())
                        .withRunAsGroup(settings.runAsUser())
                        .withReadOnlyRootFilesystem(true)
                        .withAllowPrivilegeEscalation(false)
                        .withNewCapabilities().withDrop("ALL").endCapabilities()
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .build())
                .withVolumeMounts(mounts)
                .build();
    }

    /** The pod volumes the container mounts: an in-memory {@code /tmp} (the JVM needs one) and the secrets. */
    public List<Volume> volumes(String secretName) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(TMP_VOLUME)
                .withNewEmptyDir().withMedium("Memory").withSizeLimit(new Quantity("64Mi")).endEmptyDir().build());
        if (secretName != null) {
            volumes.add(new VolumeBuilder().withName(SECRETS_VOLUME)
                    .withNewSecret().withSecretName(secretName).withDefaultMode(0444).endSecret().build());
        }
        return volumes;
    }

    /** Seconds Kubernetes waits after SIGTERM before SIGKILL: the runtime's drain, and a little more. */
    public long terminationGraceSeconds() {
        return settings.drainSeconds() + 2L;
    }

    private List<EnvVar> environment(FunctionSpec spec, boolean setsPort) {
        Map<String, String> env = new LinkedHashMap<>(spec.envVars());
        if (setsPort) {
            env.put("PORT", Integer.toString(PORT));
        } else {
            env.remove("PORT");
        }
        env.put("FAAS_BIND", "0.0.0.0");
        env.put("FAAS_FUNCTION_NAME", spec.service());
        env.put("FAAS_FUNCTION_NAMESPACE", spec.namespace());
        env.put("FAAS_GATEWAY", settings.gatewayUrl());
        env.put("FAAS_DRAIN_SECONDS", Integer.toString(settings.drainSeconds()));
        if (spec.envProcess() != null && !spec.envProcess().isBlank()) {
            env.put("fprocess", spec.envProcess());
        }
        return env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
    }

    private ResourceRequirements resources(FunctionSpec spec) {
        Map<String, Quantity> limits = quantities(spec.limits());
        limits.putIfAbsent("memory", new Quantity(settings.defaultMemory()));
        Map<String, Quantity> requests = quantities(spec.requests());
        return new ResourceRequirementsBuilder().withLimits(limits).withRequests(requests).build();
    }

    private static Map<String, Quantity> quantities(Resources r) {
        Map<String, Quantity> q = new LinkedHashMap<>();
        if (r != null && r.memory() != null && !r.memory().isBlank()) {
            q.put("memory", new Quantity(r.memory().trim()));
        }
        if (r != null && r.cpu() != null && !r.cpu().isBlank()) {
            q.put("cpu", new Quantity(r.cpu().trim()));
        }
        return q;
    }
}
