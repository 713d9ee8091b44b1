package dev.faas.controller.cluster;

import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.faas.controller.cluster.ClusterFixture.NAMESPACE;
import static dev.faas.controller.testsupport.RuntimeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The knative backend through the controller's API, against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KnativeBackendTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path stateDir;
    private ClusterFixture cluster;
    private EmbeddedServer controller;
    private KnativeClient knative;

    @BeforeEach
    void start() {
        knative = client.adapt(KnativeClient.class);
        cluster = new ClusterFixture(stateDir, client, "knative");
        controller = cluster.start(Map.of());
    }

    @AfterEach
    void stop() {
        controller.getApplicationContext().close();
        knative.services().inNamespace(NAMESPACE).delete();
    }

    private Service service(String name) {
        return knative.services().inNamespace(NAMESPACE).withName(name).get();
    }

    @Test
    void theServiceCarriesTheMappedAnnotationsAndTheReadyConditionMakesTheFunctionReady() {
        HttpResponse<String> deployed = cluster.call(controller, "POST", "/system/functions",
                "{\"service\":\"kn\",\"image\":\"registry.example/kn:1\",\"limits\":{\"memory\":\"200Mi\"},\"envVars\":{\"exec_timeout\":\"90s\"},"
                        + "\"labels\":{\"com.openfaas.scale.min\":\"2\",\"com.openfaas.scale.max\":\"7\","
                        + "\"com.openfaas.scale.target\":\"15\",\"com.openfaas.scale.zero\":\"false\","
                        + "\"com.openfaas.scale.zero-duration\":\"45s\",\"dev.faas.concurrency\":\"4\"}}");
        assertEquals(202, deployed.statusCode(), deployed.body());

        Service s = service("kn");
        assertNotNull(s, "the Knative Service exists");
        Map<String, String> annotations = s.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("2", annotations.get("autoscaling.knative.dev/min-scale"));
        assertEquals("7", annotations.get("autoscaling.knative.dev/max-scale"));
        assertEquals("15", annotations.get("autoscaling.knative.dev/target"));
        assertEquals("45s", annotations.get("autoscaling.knative.dev/scale-to-zero-pod-retention-period"));
        assertEquals("kpa.autoscaling.knative.dev", annotations.get("autoscaling.knative.dev/class"));
        assertEquals(4L, s.getSpec().getTemplate().getSpec().getContainerConcurrency());
        assertEquals(90L, s.getSpec().getTemplate().getSpec().getTimeoutSeconds(), "exec_timeout");
        Container c = s.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertEquals("http1", c.getPorts().get(0).getName());
        assertTrue(c.getEnv().stream().noneMatch(e -> e.getName().equals("PORT")), "Knative sets PORT itself");

        HttpResponse<String> notYet = cluster.call(controller, "GET", "/system/endpoints/default/kn", null);
        assertTrue(notYet.body().contains("\"endpoints\":[]"), notYet.body());

        // What Knative's controllers write once the revision is ready.
        Service ready = new ServiceBuilder(service("kn")).withNewStatus()
                .withConditions(new ConditionBuilder().withType("Ready").withStatus("True").build())
                .withLatestReadyRevisionName("kn-00001")
                .withUrl("http://kn.faas-fn.example.com")
                .withNewAddress().withUrl("http://kn.faas-fn.svc.cluster.local").endAddress()
                .endStatus().build();
        knative.services().inNamespace(NAMESPACE).resource(ready).updateStatus();

        await("the Ready condition makes the function ready", Duration.ofSeconds(10), () -> cluster
                .call(controller, "GET", "/system/endpoints/default/kn", null).body()
                .contains("\"url\":\"http://kn.faas-fn.svc.cluster.local\""));
        HttpResponse<String> status = cluster.call(controller, "GET", "/system/function/kn", null);
        assertTrue(status.body().contains("\"availableReplicas\":1"), status.body());
        assertTrue(status.body().contains("\"id\":\"kn-00001\""), status.body());
        HttpResponse<String> activated = cluster.call(controller, "POST", "/system/activate/default/kn", "{}");
        assertEquals(200, activated.statusCode(), activated.body());

        assertEquals(202, cluster.call(controller, "DELETE", "/system/functions", "{\"functionName\":\"kn\"}").statusCode());
        assertNull(service("kn"));
    }

    @Test
    void aRevisionWokenFromZeroByKnativeIsRecordedAsAColdStart() throws Exception {
        assertEquals(202, cluster.call(controller, "POST", "/system/functions",
                "{\"service\":\"wake\",\"image\":\"registry.example/wake:1\"}").statusCode());
        // What Knative does: a revision (with the template's labels) at zero, then a call held by its activator.
        var revisions = knative.revisions().inNamespace(NAMESPACE);
        revisions.resource(new io.fabric8.knative.serving.v1.RevisionBuilder()
                .withNewMetadata().withName("wake-00001").withNamespace(NAMESPACE)
                    .withLabels(Map.of("app.kubernetes.io/managed-by", "faas", "faas.dev/function", "wake")).endMetadata()
                .withNewStatus().withDesiredReplicas(0).withActualReplicas(0).endStatus().build()).create();
        Thread.sleep(300);
        revisions.withName("wake-00001").editStatus(r -> {
            r.getStatus().setDesiredReplicas(1);
            return r;
        });
        Thread.sleep(400);
        revisions.withName("wake-00001").editStatus(r -> {
            r.getStatus().setActualReplicas(1);
            return r;
        });
        await("the wake-up is recorded as a cold start", Duration.ofSeconds(10), () -> cluster
                .call(controller, "GET", "/system/function/wake", null).body().contains("\"count\":1"));
        String status = cluster.call(controller, "GET", "/system/function/wake", null).body();
        // The wait from the ask to the ready pod (its length depends on when the watch delivers the events).
        assertTrue(status.matches(".*\"process_start\":\\d+.*"), status);
        knative.revisions().inNamespace(NAMESPACE).delete();
    }

    @Test
    void knativeScalesByItselfSoTheControllerHasNothingToAutoscale() {
        assertEquals(202, cluster.call(controller, "POST", "/system/functions",
                "{\"service\":\"self\",\"image\":\"registry.example/self:1\"}").statusCode());
        var runtime = controller.getApplicationContext().getBean(dev.faas.controller.runtime.ReplicaControl.class);
        assertTrue(runtime.scaleTargets().isEmpty());
        assertEquals("0", service("self").getSpec().getTemplate().getMetadata().getAnnotations()
                .get("autoscaling.knative.dev/min-scale"), "scale to zero is on by default");
        assertEquals(202, cluster.call(controller, "POST", "/system/scale-function/self",
                "{\"serviceName\":\"self\",\"replicas\":2}").statusCode());
        assertEquals("2", service("self").getSpec().getTemplate().getMetadata().getAnnotations()
                .get("autoscaling.knative.dev/min-scale"), "faas scale sets the minimum scale");
    }
}
