package dev.faas.controller.cluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** In a cluster (environment k8s with the bootstrap context) the controller takes settings from its ConfigMap. */
@EnableKubernetesMockClient(crud = true)
class InClusterConfigurationTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path stateDir;

    @Test
    void settingsComeFromTheControllersConfigMap() {
        client.configMaps().inNamespace("faas").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("faas-controller").withNamespace("faas").endMetadata()
                .addToData("application.yml", "faas:\n  autoscaler:\n    idle-timeout: 7m\n  version:\n    sha: from-configmap\n")
                .build()).create();
        client.configMaps().inNamespace("faas").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("someone-else").withNamespace("faas").endMetadata()
                .addToData("application.yml", "faas:\n  gateway-url: http://not-ours\n")
                .build()).create();
        Map<String, String> bootstrap = Map.of(
                "kubernetes.client.base-path", client.getMasterUrl().toString().replaceAll("/$", ""),
                "kubernetes.client.verify-ssl", "false",
                "kubernetes.client.namespace", "faas");
        bootstrap.forEach(System::setProperty);
        try (ApplicationContext ctx = ApplicationContext.builder()
                .environments("k8s")
                .bootstrapEnvironment(true)
                .properties(Map.of("faas.state-dir", stateDir.toString(), "faas.auth.password", "p"))
                .start()) {
            assertEquals("7m", ctx.getProperty("faas.autoscaler.idle-timeout", String.class).orElseThrow());
            assertEquals("from-configmap", ctx.getProperty("faas.version.sha", String.class).orElseThrow());
            assertFalse(ctx.getProperty("faas.gateway-url", String.class).orElse("").contains("not-ours"),
                    "only the controller's own ConfigMap is read");
        } finally {
            bootstrap.keySet().forEach(System::clearProperty);
        }
    }
}
