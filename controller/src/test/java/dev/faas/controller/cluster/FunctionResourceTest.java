package dev.faas.controller.cluster;

import dev.faas.controller.cluster.crd.FunctionResource;
import dev.faas.controller.cluster.crd.FunctionResourceSpec;
import dev.faas.controller.function.Resources;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.faas.controller.cluster.ClusterFixture.NAMESPACE;
import static dev.faas.controller.testsupport.RuntimeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kubectl apply} of a {@code Function} (through the client) deploys it, and its status is written back. */
@EnableKubernetesMockClient(crud = true)
class FunctionResourceTest {
    static KubernetesClient client;
    static KubernetesMockServer server;
    private static final Path CRD = Path.of("../charts/faas/crds/function.yaml");

    @TempDir
    Path stateDir;
    private ClusterFixture cluster;
    private EmbeddedServer controller;

    @BeforeEach
    void start() {
        cluster = new ClusterFixture(stateDir, client, "kubernetes");
        controller = cluster.start(Map.of());
    }

    @AfterEach
    void stop() {
        controller.getApplicationContext().close();
        client.resources(FunctionResource.class).inNamespace(NAMESPACE).delete();
        client.apps().deployments().inNamespace(NAMESPACE).delete();
        client.services().inNamespace(NAMESPACE).delete();
    }

    private static FunctionResource function(String name, FunctionResourceSpec spec) {
        FunctionResource fn = new FunctionResource();
        fn.getMetadata().setName(name);
        fn.getMetadata().setNamespace(NAMESPACE);
        fn.setSpec(spec);
        return fn;
    }

    private FunctionResource read(String name) {
        return client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName(name).get();
    }

    @Test
    void theChartsCrdDescribesTheResourceTheControllerWatches() throws Exception {
        try (InputStream in = Files.newInputStream(CRD)) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            assertEquals("functions.faas.dev", crd.getMetadata().getName());
            assertEquals(FunctionResource.GROUP, crd.getSpec().getGroup());
            assertEquals("Function", crd.getSpec().getNames().getKind());
            assertEquals("Namespaced", crd.getSpec().getScope());
            assertEquals(FunctionResource.VERSION, crd.getSpec().getVersions().get(0).getName());
            assertTrue(crd.getSpec().getVersions().get(0).getSubresources().getStatus() != null, "status subresource");
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
    }

    @Test
    void applyingAFunctionDeploysItAndWritesItsStatus() {
        client.resources(FunctionResource.class).inNamespace(NAMESPACE).resource(function("from-crd",
                new FunctionResourceSpec("registry.example/from-crd:1", null, Map.of("MODE", "crd"), null, null,
                        Map.of("com.openfaas.scale.min", "2"), null, new Resources("96Mi", null), null, null)))
                .create();

        await("the Deployment is made", Duration.ofSeconds(15),
                () -> client.apps().deployments().inNamespace(NAMESPACE).withName("from-crd").get() != null);
        Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName("from-crd").get();
        assertEquals("registry.example/from-crd:1", d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(2, d.getSpec().getReplicas());
        assertTrue(d.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem());

        await("the status is written", Duration.ofSeconds(15), () -> read("from-crd").getStatus() != null);
        var status = read("from-crd").getStatus();
        assertEquals("Ready", status.conditions().get(0).type());
        assertEquals("True", status.conditions().get(0).status(), status.toString());
        assertEquals("Deployed", status.conditions().get(0).reason());
        assertEquals(2, status.replicas());
        assertEquals("registry.example/from-crd:1", status.image());

        var listed = cluster.call(controller, "GET", "/system/function/from-crd", null);
        assertEquals(200, listed.statusCode(), "the API sees the function");

        client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName("from-crd").delete();
        await("deleting the resource removes the function", Duration.ofSeconds(15),
                () -> client.apps().deployments().inNamespace(NAMESPACE).withName("from-crd").get() == null);
    }

    @Test
    void anInvalidFunctionIsRefusedInItsStatusAndNothingIsDeployed() {
        client.resources(FunctionResource.class).inNamespace(NAMESPACE).resource(function("greedy",
                new FunctionResourceSpec("registry.example/greedy:1", null, null, null, null, null, null,
                        new Resources("-1Gi", null), null, null)))
                .create();

        await("the status is written", Duration.ofSeconds(15), () -> read("greedy").getStatus() != null);
        var condition = read("greedy").getStatus().conditions().get(0);
        assertEquals("False", condition.status());
        assertEquals("Invalid", condition.reason());
        assertTrue(condition.message().contains("limits.memory") && condition.message().contains("negative"),
                condition.message());
        assertNull(client.apps().deployments().inNamespace(NAMESPACE).withName("greedy").get());
    }
}
