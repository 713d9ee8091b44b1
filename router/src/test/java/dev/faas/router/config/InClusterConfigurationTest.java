package dev.faas.router.config;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** In a cluster (environment k8s with the bootstrap context) the router takes settings from its ConfigMap. */
@EnableKubernetesMockClient(crud = true)
class InClusterConfigurationTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @Test
    void settingsComeFromTheRoutersConfigMap() {
        client.configMaps().inNamespace("faas").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("faas-router").withNamespace("faas").endMetadata()
                .addToData("application.yml", "faas:\n  router:\n    controller-url: http://faas-controller.faas:8081\n")
                .build()).create();
        client.configMaps().inNamespace("faas").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("faas-controller").withNamespace("faas").endMetadata()
                .addToData("application.yml", "faas:\n  router:\n    activation-timeout: 1s\n")
                .build()).create();
        Map<String, String> bootstrap = Map.of(
                "kubernetes.client.base-path", client.getMasterUrl().toString().replaceAll("/$", ""),
                "kubernetes.client.verify-ssl", "false",
                "kubernetes.client.namespace", "faas");
        bootstrap.forEach(System::setProperty);
        try (ApplicationContext ctx = ApplicationContext.builder()
                .environments("k8s")
                .bootstrapEnvironment(true)
                .properties(Map.of("faas.auth.password", "p"))
                .start()) {
            assertEquals("http://faas-controller.faas:8081",
                    ctx.getProperty("faas.router.controller-url", String.class).orElseThrow());
            assertFalse(ctx.getProperty("faas.router.activation-timeout", String.class).orElse("").equals("1s"),
                    "only the router's own ConfigMap is read");
        } finally {
            bootstrap.keySet().forEach(System::clearProperty);
        }
    }
}
