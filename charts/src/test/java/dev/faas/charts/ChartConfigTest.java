package dev.faas.charts;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The components' application.yml: the router reaches the controller through its Service, and values land on the right keys. */
@EnableKubernetesMockClient(https = false, crud = true)
class ChartConfigTest {

    KubernetesMockServer server;
    FaasChart chart;

    @BeforeEach
    void chart() {
        chart = FaasChart.against(server);
    }

    @Test
    void theRouterReachesTheControllerThroughItsServiceAndFunctionsReachTheRouter() {
        RenderedRelease release = chart.render(Map.of("controller.service.port", 9081, "router.service.port", 80));

        URI controllerUrl = URI.create((String) at(release.applicationYml("router"), "faas", "router", "controller-url"));
        assertReaches(release, controllerUrl, release.controller());
        URI gatewayUrl = URI.create((String) at(release.applicationYml("controller"), "faas", "gateway-url"));
        assertReaches(release, gatewayUrl, release.router());
        // Inside a pod the servers must listen beyond loopback (their built-in default is 127.0.0.1).
        assertEquals("0.0.0.0", at(release.applicationYml("router"), "micronaut", "server", "host"));
        assertEquals("0.0.0.0", at(release.applicationYml("controller"), "micronaut", "server", "host"));
    }

    @Test
    void eachComponentFindsItsConfigMap() {
        RenderedRelease release = chart.render(Map.of());

        // The controller lists its ConfigMap through the API (Micronaut Kubernetes), by the name in this variable.
        var controller = release.controller().getSpec().getTemplate().getSpec().getContainers().get(0);
        String include = env(controller, "KUBERNETES_CLIENT_CONFIG_MAPS_INCLUDES");
        assertTrue(release.one(ConfigMap.class, include).getData().containsKey("application.yml"));
        assertEquals("faas-controller", include, "bootstrap-k8s.yml's default name with release faas");
        // The router reads a file: the ConfigMap mounted where MICRONAUT_CONFIG_FILES points.
        var routerPod = release.router().getSpec().getTemplate().getSpec();
        String file = env(routerPod.getContainers().get(0), "MICRONAUT_CONFIG_FILES");
        var mount = routerPod.getContainers().get(0).getVolumeMounts().stream().filter(m -> file.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError(file + " is on no volume"));
        var volume = routerPod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        String key = file.substring(mount.getMountPath().length() + 1);
        assertTrue(release.one(ConfigMap.class, volume.getConfigMap().getName()).getData().containsKey(key), key);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theControllerRunsTheChosenBackendInTheFunctionNamespace(Backend backend) {
        RenderedRelease release = chart.render(Map.of("backend", backend.value, "functionNamespace", "faas-fn"));

        Map<String, Object> config = release.applicationYml("controller");
        assertEquals(backend.value, at(config, "faas", "backend"));
        assertEquals("faas-fn", at(config, "faas", "kubernetes", "namespace"));
        assertEquals(true, at(config, "faas", "kubernetes", "function-resources"));
    }

    @Test
    void functionContainerSettingsReachTheController() {
        RenderedRelease release = chart.render(Map.of("functions.defaultMemory", "512Mi",
                "functions.imagePullPolicy", "Always", "functions.runAsUser", 1000));

        Map<String, Object> config = release.applicationYml("controller");
        assertEquals("512Mi", at(config, "faas", "kubernetes", "default-memory"));
        assertEquals("Always", at(config, "faas", "kubernetes", "image-pull-policy"));
        assertEquals(1000, at(config, "faas", "kubernetes", "run-as-user"));
        assertTrue(chart.renderFailure(Map.of("functions.runAsUser", 0)).contains("runAsUser"), "uid 0 accepted for functions");
    }

    @Test
    void autoscalingRegistryAndExtraSettingsReachTheController() {
        RenderedRelease release = chart.render(Map.of(
                "autoscaling.idleTimeout", "90s",
                "autoscaling.scaleDownDelay", "30s",
                "registry.server", "registry.example.com:5000",
                "controller.config", Map.of("faas", Map.of("runtime", Map.of("drain-seconds", 25),
                        "autoscaler", Map.of("interval", "2s")))));

        Map<String, Object> config = release.applicationYml("controller");
        assertEquals("90s", at(config, "faas", "autoscaler", "idle-timeout"));
        assertEquals("30s", at(config, "faas", "autoscaler", "scale-down-delay"));
        assertEquals("2s", at(config, "faas", "autoscaler", "interval"), "controller.config overrides the chart's keys");
        assertEquals(25, at(config, "faas", "runtime", "drain-seconds"));
        assertEquals(false, at(config, "faas", "runtime", "stop-instances-on-shutdown"), "a merge dropped the chart's keys");
        assertEquals("registry", at(config, "faas", "image", "target"));
        assertEquals("registry.example.com:5000", at(config, "faas", "image", "registry"));
        assertEquals("none", at(chart.render(Map.of()).applicationYml("controller"), "faas", "image", "target"));
    }

    @Test
    void aMalformedDurationIsRefused() {
        String message = chart.renderFailure(Map.of("autoscaling.idleTimeout", "five minutes"));

        assertTrue(message.contains("idleTimeout"), message);
    }

    @Test
    void imagesComeFromValuesAndDefaultToTheAppVersion() {
        RenderedRelease release = chart.render(Map.of("router.image.repository", "registry.example.com/faas/router",
                "router.image.tag", "1.2.3"));

        assertEquals("registry.example.com/faas/router:1.2.3", image(release.router()));
        assertTrue(image(release.controller()).matches("faas/controller:\\d+\\.\\d+\\.\\d+.*"), image(release.controller()));
    }

    /** The URL names the Service in front of {@code target}'s pods, in its namespace, on the port that leads to them. */
    private static void assertReaches(RenderedRelease release, URI url, Deployment target) {
        String[] host = url.getHost().split("\\.");
        assertEquals(3, host.length, "not <service>.<namespace>.svc: " + url);
        assertEquals("svc", host[2]);
        Service service = release.one(Service.class, host[0]);
        assertEquals(host[1], service.getMetadata().getNamespace());
        Map<String, String> podLabels = target.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()),
                url + " does not select the pods of " + target.getMetadata().getName());
        var port = service.getSpec().getPorts().stream().filter(p -> p.getPort() == url.getPort()).findFirst()
                .orElseThrow(() -> new AssertionError(url + ": no such port on Service " + host[0]));
        var container = target.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(container.getPorts().stream().anyMatch(p -> p.getName().equals(port.getTargetPort().getStrVal())),
                "Service port " + url.getPort() + " leads to no port of " + target.getMetadata().getName());
    }

    private static String env(io.fabric8.kubernetes.api.model.Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " lacks " + name)).getValue();
    }

    private static String image(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> config, String... path) {
        Object node = config;
        for (String key : path) {
            node = node instanceof Map ? ((Map<String, Object>) node).get(key) : null;
        }
        return node;
    }
}
