package dev.faas.controller.cluster;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.List;

/** The {@code faas.kubernetes.*} settings shared by the kubernetes and knative backends. */
@Singleton
@Requires(property = "faas.backend", pattern = ClusterSettings.CLUSTER_BACKENDS)
public class ClusterSettings {
    /** The values of {@code faas.backend} that run functions on a cluster. */
    public static final String CLUSTER_BACKENDS = "kubernetes|knative";

    private final String masterUrl;
    private final boolean trustCertificates;
    private final String namespace;
    private final List<String> extraNamespaces;
    private final String gatewayUrl;
    private final long runAsUser;
    private final String defaultMemory;
    private final String imagePullPolicy;
    private final int drainSeconds;
    private final boolean functionResources;

    public ClusterSettings(@Nullable @Value("${faas.kubernetes.master-url:}") String masterUrl,
                           @Value("${faas.kubernetes.trust-certificates:false}") boolean trustCertificates,
                           @Nullable @Value("${faas.kubernetes.namespace:}") String namespace,
                           @Nullable @Value("${faas.kubernetes.namespaces:}") List<String> extraNamespaces,
                           @Nullable @Value("${faas.kubernetes.gateway-url:}") String gatewayUrl,
                           @Nullable @Value("${faas.gateway-url:}") String routerUrl,
                           @Value("${faas.kubernetes.run-as-user:65532}") long runAsUser,
                           @Value("${faas.kubernetes.default-memory:256Mi}") String defaultMemory,
                           @Value("${faas.kubernetes.image-pull-policy:IfNotPresent}") String imagePullPolicy,
                           @Value("${faas.runtime.drain-seconds:10}") int drainSeconds,
                           @Value("${faas.kubernetes.function-resources:true}") boolean functionResources) {
        this.masterUrl = blankToNull(masterUrl);
        this.trustCertificates = trustCertificates;
        this.namespace = blankToNull(namespace);
        this.extraNamespaces = extraNamespaces == null ? List.of()
                : extraNamespaces.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.gatewayUrl = gatewayUrl != null && !gatewayUrl.isBlank() ? gatewayUrl : routerUrl == null ? "" : routerUrl;
        this.runAsUser = runAsUser;
        this.defaultMemory = defaultMemory;
        this.imagePullPolicy = imagePullPolicy;
        this.drainSeconds = drainSeconds;
        this.functionResources = functionResources;
    }

    /** The API server's URL; null = in-cluster service account, else the kubeconfig. */
    public String masterUrl() {
        return masterUrl;
    }

    /** Whether to accept the API server's certificate unverified (test servers only). */
    public boolean trustCertificates() {
        return trustCertificates;
    }

    /** Where functions of the namespace {@code default} go; null = the client's own namespace. */
    public String namespace() {
        return namespace;
    }

    /** Further Kubernetes namespaces that function namespaces of the same name may use (the RBAC must cover them). */
    public List<String> extraNamespaces() {
        return extraNamespaces;
    }

    /** The router URL handed to functions as {@code FAAS_GATEWAY}. */
    public String gatewayUrl() {
        return gatewayUrl;
    }

    /** The numeric user of function containers (runAsNonRoot needs a number when an image names a user by name). */
    public long runAsUser() {
        return runAsUser;
    }

    /** The memory limit of functions that set none. */
    public String defaultMemory() {
        return defaultMemory;
    }

    /** The image pull policy of function containers. */
    public String imagePullPolicy() {
        return imagePullPolicy;
    }

    /** Seconds a replica may finish in-flight calls after SIGTERM. */
    public int drainSeconds() {
        return drainSeconds;
    }

    /** Whether {@code Function} custom resources are watched and deployed. */
    public boolean functionResources() {
        return functionResources;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
