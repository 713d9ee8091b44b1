package dev.faas.controller.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.faas.controller.cluster.ClusterFixture.NAMESPACE;
import static dev.faas.controller.testsupport.RuntimeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kubernetes backend through the controller's API, against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesBackendTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

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
        if (controller != null) {
            controller.getApplicationContext().close();
        }
        client.apps().deployments().inNamespace(NAMESPACE).delete();
        client.services().inNamespace(NAMESPACE).delete();
        client.secrets().inNamespace(NAMESPACE).delete();
        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).delete();
    }

    private HttpResponse<String> deploy(String json) {
        return cluster.call(controller, "POST", "/system/functions", json);
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    }

    @Test
    void deployCreatesAHardenedDeploymentAndServiceWithSecretsFromAKubernetesSecret() {
        assertEquals(201, cluster.call(controller, "POST", "/system/secrets",
                "{\"name\":\"db-pass\",\"value\":\"s3cret-value\"}").statusCode());
        HttpResponse<String> deployed = deploy("{\"service\":\"hello\",\"image\":\"registry.example/hello:1\","
                + "\"envVars\":{\"GREETING\":\"hi\"},\"secrets\":[\"db-pass\"],"
                + "\"limits\":{\"memory\":\"128Mi\",\"cpu\":\"500m\"},\"requests\":{\"memory\":\"64Mi\"}}");
        assertEquals(202, deployed.statusCode(), deployed.body());

        Deployment d = deployment("hello");
        assertNotNull(d, "the Deployment exists");
        assertEquals(1, d.getSpec().getReplicas());
        assertEquals("faas", d.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("hello", d.getSpec().getSelector().getMatchLabels().get("faas.dev/function"));
        assertEquals(0, d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
        var pod = d.getSpec().getTemplate().getSpec();
        assertFalse(pod.getAutomountServiceAccountToken());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        Container c = pod.getContainers().get(0);
        assertEquals("registry.example/hello:1", c.getImage());
        assertTrue(c.getSecurityContext().getRunAsNonRoot());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertEquals(new Quantity("128Mi"), c.getResources().getLimits().get("memory"));
        assertEquals(new Quantity("500m"), c.getResources().getLimits().get("cpu"));
        assertEquals(new Quantity("64Mi"), c.getResources().getRequests().get("memory"));
        assertEquals("/_/health", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals(8080, c.getReadinessProbe().getHttpGet().getPort().getIntVal());
        Map<String, String> env = new java.util.HashMap<>();
        c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        assertEquals("hi", env.get("GREETING"));
        assertEquals("http://faas-router.faas:8080", env.get("FAAS_GATEWAY"));
        assertFalse(env.containsValue("s3cret-value"), "secret values are never environment variables");
        var secretMount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/var/openfaas/secrets"))
                .findFirst().orElseThrow();
        assertTrue(secretMount.getReadOnly());
        var secretVolume = pod.getVolumes().stream().filter(v -> v.getName().equals(secretMount.getName()))
                .findFirst().orElseThrow();
        Secret secret = client.secrets().inNamespace(NAMESPACE).withName(secretVolume.getSecret().getSecretName()).get();
        assertEquals("s3cret-value", new String(Base64.getDecoder().decode(secret.getData().get("db-pass")),
                StandardCharsets.UTF_8));
        assertFalse(d.getMetadata().getAnnotations().get("faas.dev/spec").contains("s3cret-value"));

        Service svc = client.services().inNamespace(NAMESPACE).withName("hello").get();
        assertNotNull(svc, "the Service exists");
        assertEquals("hello", svc.getSpec().getSelector().get("faas.dev/function"));
        assertEquals(8080, svc.getSpec().getPorts().get(0).getPort());

        HttpResponse<String> status = cluster.call(controller, "GET", "/system/function/hello", null);
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains("\"replicas\":1"), status.body());
        assertTrue(status.body().contains("\"availableReplicas\":0"), status.body());
        assertFalse(status.body().contains("s3cret-value"));
    }

    @Test
    void idleFunctionScalesToZeroAndACallBringsItBackWhenAnEndpointAppears() throws Exception {
        controller.getApplicationContext().close();
        controller = cluster.start(Map.of("faas.autoscaler.idle-timeout", "1s"));
        assertEquals(202, deploy("{\"service\":\"sleepy\",\"image\":\"registry.example/sleepy:1\"}").statusCode());
        assertEquals(1, deployment("sleepy").getSpec().getReplicas());

        await("the autoscaler scales the idle function to zero", Duration.ofSeconds(15),
                () -> deployment("sleepy").getSpec().getReplicas() == 0);

        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() -> cluster.call(controller,
                "POST", "/system/activate/default/sleepy", "{\"arrivedAt\":" + System.currentTimeMillis()
                        + ",\"timeoutMs\":15000}"));
        await("the waiting call scales the Deployment to one", Duration.ofSeconds(10),
                () -> deployment("sleepy").getSpec().getReplicas() == 1);
        Thread.sleep(300);
        assertFalse(call.isDone(), "the call waits until a pod is ready");

        cluster.podBecameReady("sleepy", "sleepy-7d9f-abcde", "10.1.2.3");
        HttpResponse<String> woke = call.get(15, TimeUnit.SECONDS);
        assertEquals(200, woke.statusCode(), woke.body());
        assertTrue(woke.body().contains("\"url\":\"http://10.1.2.3:8080\""), woke.body());
        assertTrue(woke.body().contains("\"id\":\"sleepy-7d9f-abcde\""), woke.body());
        assertTrue(woke.body().matches(".*\"coldStartId\":\"cs-[^\"]+\".*"), woke.body());

        HttpResponse<String> endpoints = cluster.call(controller, "GET", "/system/endpoints/default/sleepy", null);
        assertTrue(endpoints.body().contains("http://10.1.2.3:8080"), endpoints.body());
        assertTrue(cluster.call(controller, "GET", "/system/function/sleepy", null).body()
                .contains("\"count\":1"), "the cold start is recorded");
    }

    @Test
    void logsAreReadFromTheFunctionsPodsAndFollowed() throws Exception {
        assertEquals(202, deploy("{\"service\":\"chatty\",\"image\":\"registry.example/chatty:1\"}").statusCode());
        for (String pod : List.of("chatty-a", "chatty-b")) {
            client.pods().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                    .withNewMetadata().withName(pod).withNamespace(NAMESPACE).addToLabels("faas.dev/function", "chatty")
                    .endMetadata().build()).create();
        }
        String base = "/api/v1/namespaces/" + NAMESPACE + "/pods/";
        server.expect().get().withPath(base + "chatty-a/log?pretty=false&container=function&tailLines=5&timestamps=true")
                .andReturn(200, "2026-01-01T10:00:02.000000000Z second from a\n").always();
        server.expect().get().withPath(base + "chatty-b/log?pretty=false&container=function&tailLines=5&timestamps=true")
                .andReturn(200, "2026-01-01T10:00:01.000000000Z first from b\n").always();
        server.expect().get().withPath(base + "chatty-a/log?pretty=false&container=function&tailLines=5&timestamps=true&follow=true")
                .andReturn(200, "2026-01-01T10:00:02.000000000Z second from a\n2026-01-01T10:00:03.000000000Z later from a\n").always();
        server.expect().get().withPath(base + "chatty-b/log?pretty=false&container=function&tailLines=5&timestamps=true&follow=true")
                .andReturn(200, "2026-01-01T10:00:01.000000000Z first from b\n").always();

        HttpResponse<String> tail = cluster.call(controller, "GET", "/system/logs?name=chatty&tail=5", null);
        assertEquals(200, tail.statusCode(), tail.body());
        String[] lines = tail.body().trim().split("\n");
        assertEquals(2, lines.length, tail.body());
        assertTrue(lines[0].contains("\"text\":\"first from b\"") && lines[0].contains("\"instance\":\"chatty-b\""), lines[0]);
        assertTrue(lines[1].contains("\"text\":\"second from a\""), lines[1]);

        HttpResponse<String> followed = cluster.call(controller, "GET", "/system/logs?name=chatty&tail=5&follow=true", null);
        assertEquals(200, followed.statusCode(), followed.body());
        assertTrue(followed.body().contains("later from a") && followed.body().contains("first from b"), followed.body());
        client.pods().inNamespace(NAMESPACE).delete();
    }

    @Test
    void deleteRemovesEverythingItMade() {
        assertEquals(201, cluster.call(controller, "POST", "/system/secrets",
                "{\"name\":\"token\",\"value\":\"t0ken\"}").statusCode());
        assertEquals(202, deploy("{\"service\":\"gone\",\"image\":\"registry.example/gone:1\",\"secrets\":[\"token\"]}")
                .statusCode());
        assertNotNull(deployment("gone"));
        assertEquals(1, client.secrets().inNamespace(NAMESPACE).withLabel("faas.dev/function", "gone").list()
                .getItems().size());

        HttpResponse<String> deleted = cluster.call(controller, "DELETE", "/system/functions", "{\"functionName\":\"gone\"}");
        assertEquals(202, deleted.statusCode(), deleted.body());
        assertNull(deployment("gone"));
        assertNull(client.services().inNamespace(NAMESPACE).withName("gone").get());
        assertTrue(client.secrets().inNamespace(NAMESPACE).withLabel("faas.dev/function", "gone").list().getItems().isEmpty());
        assertEquals(404, cluster.call(controller, "GET", "/system/function/gone", null).statusCode());
    }

    @Test
    void aRestartedControllerRebuildsItsViewFromTheCluster() {
        // The autoscaler would bring an idle function down from 3 replicas: keep it out of the way.
        Map<String, Object> steady = Map.of("faas.autoscaler.scale-down-delay", "10m");
        controller.getApplicationContext().close();
        controller = cluster.start(steady);
        assertEquals(202, deploy("{\"service\":\"kept\",\"image\":\"registry.example/kept:2\","
                + "\"labels\":{\"com.openfaas.scale.zero\":\"false\"}}").statusCode());
        assertEquals(202, cluster.call(controller, "POST", "/system/scale-function/kept",
                "{\"serviceName\":\"kept\",\"replicas\":3}").statusCode());
        assertEquals(3, deployment("kept").getSpec().getReplicas());
        controller.getApplicationContext().close();
        controller = null;
        cluster.podBecameReady("kept", "kept-1", "10.0.0.7");

        controller = cluster.start(steady);
        HttpResponse<String> list = cluster.call(controller, "GET", "/system/functions", null);
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("\"name\":\"kept\""), list.body());
        assertTrue(list.body().contains("\"image\":\"registry.example/kept:2\""), list.body());
        assertTrue(list.body().contains("\"replicas\":3"), list.body());
        assertTrue(list.body().contains("\"availableReplicas\":1"), list.body());
        HttpResponse<String> endpoints = cluster.call(controller, "GET", "/system/endpoints/default/kept", null);
        assertTrue(endpoints.body().contains("http://10.0.0.7:8080"), endpoints.body());
    }

    @Test
    void invalidSpecsAreRefusedBeforeAnythingReachesTheCluster() {
        HttpResponse<String> badName = deploy("{\"service\":\"Bad_Name\",\"image\":\"registry.example/x:1\"}");
        assertEquals(400, badName.statusCode());
        assertTrue(badName.body().contains("DNS-1123"), badName.body());
        HttpResponse<String> negative = deploy("{\"service\":\"neg\",\"image\":\"registry.example/x:1\","
                + "\"limits\":{\"memory\":\"-128Mi\"}}");
        assertEquals(400, negative.statusCode());
        assertTrue(negative.body().contains("limits.memory") && negative.body().contains("negative"), negative.body());
        HttpResponse<String> digitFirst = deploy("{\"service\":\"1st\",\"image\":\"registry.example/x:1\"}");
        assertEquals(400, digitFirst.statusCode());
        assertTrue(digitFirst.body().contains("must start with a letter"), digitFirst.body());
        HttpResponse<String> otherNamespace = deploy("{\"service\":\"elsewhere\",\"namespace\":\"team-b\","
                + "\"image\":\"registry.example/x:1\"}");
        assertEquals(400, otherNamespace.statusCode());
        assertTrue(otherNamespace.body().contains("faas.kubernetes.namespaces"), otherNamespace.body());

        assertTrue(client.apps().deployments().inAnyNamespace().list().getItems().isEmpty());
        assertTrue(client.services().inAnyNamespace().list().getItems().isEmpty());
    }

    @Test
    void anApiServerErrorIsReportedWithItsReason() {
        server.expect().post().withPath("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
                        .withMessage("deployments.apps is forbidden: User \"system:serviceaccount:faas:faas-controller\" "
                                + "cannot create resource \"deployments\" in API group \"apps\"")
                        .build())
                .once();
        HttpResponse<String> refused = deploy("{\"service\":\"denied\",\"image\":\"registry.example/x:1\"}");
        assertEquals(502, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Deployment 'denied'"), refused.body());
        assertTrue(refused.body().contains("403 Forbidden"), refused.body());
        assertTrue(refused.body().contains("cannot create resource"), refused.body());
        assertTrue(refused.body().contains("\"status\":502"), refused.body());
        assertEquals(404, cluster.call(controller, "GET", "/system/function/denied", null).statusCode());
    }
}
