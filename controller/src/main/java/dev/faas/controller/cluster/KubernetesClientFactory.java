package dev.faas.controller.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** The fabric8 client of the cluster backends: in-cluster service account, kubeconfig, or {@code faas.kubernetes.master-url}. */
@Factory
@Requires(property = "faas.backend", pattern = ClusterSettings.CLUSTER_BACKENDS)
public class KubernetesClientFactory {

    /** How the controller's requests show in the API server's audit log. */
    public static final String USER_AGENT = "faas-controller";

    /** One client for the controller's life; closed with it. */
    @Singleton
    @Bean(preDestroy = "close")
    public KubernetesClient kubernetesClient(ClusterSettings settings) {
        ConfigBuilder config = new ConfigBuilder(Config.autoConfigure(null)).withUserAgent(USER_AGENT);
        if (settings.masterUrl() != null) {
            config.withMasterUrl(settings.masterUrl());
        }
        if (settings.trustCertificates()) {
            config.withTrustCerts(true).withDisableHostnameVerification(true);
        }
        if (settings.namespace() != null) {
            config.withNamespace(settings.namespace());
        }
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }
}
