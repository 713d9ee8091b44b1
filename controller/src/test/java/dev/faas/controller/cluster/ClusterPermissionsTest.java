package dev.faas.controller.cluster;

import dev.faas.controller.cluster.crd.FunctionResource;
import dev.faas.controller.cluster.crd.FunctionResourceSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static dev.faas.controller.cluster.ClusterFixture.NAMESPACE;
import static dev.faas.controller.testsupport.RuntimeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request a cluster backend sends to the API server, over a function's whole life (secrets, deploy,
 * redeploy, scale, wake from zero, logs, a Function resource, delete, restart), is allowed by the Role rules in
 * {@code cluster-rbac.yaml} — the list docs/DESIGN.md gives the chart — and every rule there is used.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterPermissionsTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path stateDir;

    @Test
    void theKubernetesBackendCallsOnlyWhatItsRulesGrant() throws Exception {
        Set<String> used = exercise("kubernetes", () -> new ClusterFixture(stateDir, client, "kubernetes"));
        assertTrue(used.contains("apps/deployments:patch"), used.toString());
        assertTrue(used.contains("discovery.k8s.io/endpointslices:watch"), used.toString());
    }

    @Test
    void theKnativeBackendCallsOnlyWhatItsRulesGrant() throws Exception {
        Set<String> used = exercise("knative", () -> new ClusterFixture(stateDir, client, "knative"));
        assertTrue(used.contains("serving.knative.dev/services:create"), used.toString());
    }

    private Set<String> exercise(String backend, java.util.function.Supplier<ClusterFixture> fixture) throws Exception {
        drain();
        ClusterFixture cluster = fixture.get();
        EmbeddedServer controller = cluster.start(Map.of());
        try {
            assertEquals(201, cluster.call(controller, "POST", "/system/secrets", "{\"name\":\"key\",\"value\":\"v\"}").statusCode());
            String body = "{\"service\":\"perm\",\"image\":\"registry.example/perm:1\",\"secrets\":[\"key\"]}";
            assertEquals(202, cluster.call(controller, "POST", "/system/functions", body).statusCode());
            assertEquals(202, cluster.call(controller, "PUT", "/system/functions", body.replace(":1", ":2")).statusCode());
            assertEquals(202, cluster.call(controller, "POST", "/system/scale-function/perm",
                    "{\"serviceName\":\"perm\",\"replicas\":0}").statusCode());
            assertEquals(200, cluster.call(controller, "GET", "/system/function/perm", null).statusCode());
            client.pods().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                    .withNewMetadata().withName("perm-pod").withNamespace(NAMESPACE)
                    .addToLabels("faas.dev/function", "perm").endMetadata().build()).create();
            cluster.call(controller, "GET", "/system/logs?name=perm&tail=10", null);
            client.pods().inNamespace(NAMESPACE).withName("perm-pod").delete();
            if (backend.equals("kubernetes")) {
                var wake = java.util.concurrent.CompletableFuture.supplyAsync(() -> cluster.call(controller, "POST",
                        "/system/activate/default/perm", "{\"timeoutMs\":10000}"));
                await("the wake-up scales to one", Duration.ofSeconds(10), () -> client.apps().deployments()
                        .inNamespace(NAMESPACE).withName("perm").get().getSpec().getReplicas() == 1);
                cluster.podBecameReady("perm", "perm-1", "10.9.9.9");
                assertEquals(200, wake.get(10, TimeUnit.SECONDS).statusCode());
            }
            FunctionResource fn = new FunctionResource();
            fn.getMetadata().setName("perm-crd");
            fn.getMetadata().setNamespace(NAMESPACE);
            fn.setSpec(new FunctionResourceSpec("registry.example/c:1", null, null, null, null, null, null, null, null, null));
            client.resources(FunctionResource.class).inNamespace(NAMESPACE).resource(fn).create();
            await("the resource's status is written", Duration.ofSeconds(10), () -> client.resources(FunctionResource.class)
                    .inNamespace(NAMESPACE).withName("perm-crd").get().getStatus() != null);
            client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName("perm-crd").delete();
            assertEquals(202, cluster.call(controller, "DELETE", "/system/functions", "{\"functionName\":\"perm\"}").statusCode());
        } finally {
            controller.getApplicationContext().close();
        }
        cluster.start(Map.of()).getApplicationContext().close(); // a restart discovers what the cluster holds

        List<Map<String, List<String>>> rules = rules(backend);
        Set<String> used = new TreeSet<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (!KubernetesClientFactory.USER_AGENT.equals(request.getHeader("User-Agent"))) {
                continue; // the test's own client, playing Kubernetes' controllers and kubectl
            }
            String permission = permission(request.getMethod(), request.getPath());
            used.add(permission);
            assertTrue(allowed(rules, permission), backend + " backend sent " + request.getMethod() + " "
                    + request.getPath() + " (" + permission + "), which cluster-rbac.yaml does not grant");
        }
        Set<String> granted = new TreeSet<>();
        rules.forEach(r -> r.get("apiGroups").forEach(g -> r.get("resources").forEach(res -> r.get("verbs")
                .forEach(v -> granted.add(g + "/" + res + ":" + v)))));
        assertEquals(granted, used, "cluster-rbac.yaml grants exactly what the " + backend + " backend uses");
        return used;
    }

    private void drain() throws InterruptedException {
        while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // requests of earlier tests
        }
    }

    /** {@code group/resource[/subresource]:verb} of a request, as RBAC sees it. */
    static String permission(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        String[] p = uri.getPath().replaceAll("^/|/$", "").split("/");
        int i;
        String group;
        if (p[0].equals("api")) {
            group = "";
            i = 2;
        } else {
            group = p[1];
            i = 3;
        }
        if (i < p.length && p[i].equals("namespaces") && i + 2 < p.length) {
            i += 2;
        }
        String resource = p[i];
        boolean named = i + 1 < p.length;
        if (i + 2 < p.length) {
            resource += "/" + p[i + 2];
        }
        boolean watch = uri.getQuery() != null && uri.getQuery().contains("watch=true");
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
        return group + "/" + resource + ":" + verb;
    }

    private static boolean allowed(List<Map<String, List<String>>> rules, String permission) {
        String groupResource = permission.substring(0, permission.indexOf(':'));
        String verb = permission.substring(permission.indexOf(':') + 1);
        return rules.stream().anyMatch(r -> r.get("verbs").contains(verb) && r.get("apiGroups").stream()
                .anyMatch(g -> r.get("resources").stream().anyMatch(res -> (g + "/" + res).equals(groupResource))));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, List<String>>> rules(String backend) throws Exception {
        try (InputStream in = ClusterPermissionsTest.class.getResourceAsStream("/cluster-rbac.yaml")) {
            return ((Map<String, List<Map<String, List<String>>>>) new Yaml().load(in)).get(backend);
        }
    }
}
