package dev.faas.controller.backend.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import dev.faas.controller.backend.Backend;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.backend.InstanceSpec;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.Resources;
import dev.faas.controller.instance.ReadinessProbe;
import dev.faas.controller.testsupport.InMemoryFunctionStore;
import dev.faas.controller.testsupport.LoopbackRegistry;
import dev.faas.controller.testsupport.RuntimeFixture;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.faas.controller.testsupport.RuntimeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The docker backend on the real engine, through the controller's API, with an image that is not ours. */
class DockerBackendTest {
    private static DockerTestEngine engine;
    private static String image;
    @TempDir
    static Path imageDir;

    @TempDir
    Path stateDir;
    private RuntimeFixture fixture;
    private final List<EmbeddedServer> servers = new ArrayList<>();
    private String name;
    private String controllerId;

    @BeforeAll
    static void buildImage() {
        engine = DockerTestEngine.require();
        image = engine.buildFunctionImage(imageDir);
    }

    @AfterAll
    static void removeImage() throws IOException {
        if (engine != null) {
            engine.removeImage(image);
            engine.close();
        }
    }

    @BeforeEach
    void start() {
        InMemoryFunctionStore.clear();
        fixture = new RuntimeFixture(stateDir);
        name = "bb-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.getApplicationContext().close());
        if (controllerId != null) {
            engine.removeContainersOf(controllerId);
        }
    }

    @Test
    void imageByReferenceRunsHardenedAndAnswers() throws Exception {
        EmbeddedServer server = controller(Map.of());
        HttpResponse<String> deployed = fixture.call(server, "POST", "/system/functions", """
                {"service":"%s","image":"%s","envProcess":"cat","envVars":{"GREETING":"hi"},
                 "limits":{"memory":"64Mi","cpu":"500m"}}""".formatted(name, image));
        assertEquals(202, deployed.statusCode(), deployed.body());

        String url = readyUrl(server);
        assertTrue(url.startsWith("http://127.0.0.1:"), url);
        String env = fixture.get(url + "/cgi-bin/env").body();
        assertTrue(env.contains("uid=65532"), env);
        assertTrue(env.contains("fprocess=cat"), env);
        assertTrue(env.contains("GREETING=hi"), env);
        assertTrue(env.contains("PORT=8080"), env);
        assertTrue(env.contains("FAAS_FUNCTION_NAME=" + name), env);

        Container container = onlyContainer();
        InspectContainerResponse inspected = engine.docker.inspectContainerCmd(container.getId()).exec();
        assertEquals("65532:65532", inspected.getConfig().getUser());
        HostConfig host = inspected.getHostConfig();
        assertEquals(64L * 1024 * 1024, host.getMemory());
        assertEquals(64L * 1024 * 1024, host.getMemorySwap(), "no swap beyond the memory limit");
        assertEquals(500_000_000L, host.getNanoCPUs());
        assertEquals(256L, host.getPidsLimit());
        assertTrue(host.getReadonlyRootfs());
        assertEquals("ALL", host.getCapDrop()[0].name());
        assertTrue(host.getSecurityOpts().contains("no-new-privileges"), host.getSecurityOpts().toString());
        assertTrue(host.getTmpFs().containsKey("/tmp"));
        Ports.Binding[] bindings = inspected.getNetworkSettings().getPorts().getBindings().get(ContainerConfig.EXPOSED);
        assertEquals(1, bindings.length);
        assertEquals("127.0.0.1", bindings[0].getHostIp(), "published on loopback only");
        assertEquals("true", inspected.getConfig().getLabels().get(ContainerLabels.MANAGED));
        assertEquals(name, inspected.getConfig().getLabels().get(ContainerLabels.FUNCTION));
        assertFalse(inspected.getConfig().getEnv() == null
                || Stream.of(inspected.getConfig().getEnv()).anyMatch(e -> e.contains("PASSWORD")));

        // Logs come from the engine: the tail, and then lines written while following.
        String tail = fixture.call(server, "GET", "/system/logs?name=" + name + "&tail=20", null).body();
        assertTrue(tail.contains("busybox function listening on 8080"), tail);
        List<String> followed = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        var stream = http.sendAsync(HttpRequest.newBuilder(server.getURI().resolve("/system/logs?name=" + name
                        + "&tail=0&follow=true")).header("Authorization", auth()).build(),
                HttpResponse.BodyHandlers.ofLines());
        stream.thenAccept(r -> r.body().forEach(followed::add));
        Thread.sleep(500);
        fixture.get(url + "/cgi-bin/say?marker-1");
        await("the followed log shows the new line", Duration.ofSeconds(10),
                () -> followed.stream().anyMatch(l -> l.contains("said marker-1")));
        assertTrue(followed.stream().noneMatch(l -> l.contains("listening on")), "tail=0 sends no old lines");
        stream.cancel(true);
    }

    @Test
    void onTheHostNetworkTheInstanceListensOnAFreeLoopbackPortAndIsAdopted() throws Exception {
        EmbeddedServer first = controller(Map.of("faas.docker.network", "host",
                "faas.runtime.stop-instances-on-shutdown", false));
        deploy(first, "{\"service\":\"%s\",\"image\":\"%s\"}".formatted(name, image));

        String url = readyUrl(first);
        int port = URI.create(url).getPort();
        assertNotEquals(ContainerConfig.CONTAINER_PORT, port, "a free host port, not the container's 8080");
        String env = fixture.get(url + "/cgi-bin/env").body();
        assertTrue(env.contains("PORT=" + port), env);
        assertTrue(env.contains("FAAS_BIND=127.0.0.1"), "runtimes are told to listen on loopback only: " + env);
        InspectContainerResponse inspected = engine.docker.inspectContainerCmd(onlyContainer().getId()).exec();
        assertEquals("host", inspected.getHostConfig().getNetworkMode());
        assertTrue(inspected.getHostConfig().getReadonlyRootfs());

        first.getApplicationContext().close();
        servers.remove(first);
        EmbeddedServer second = controller(Map.of("faas.docker.network", "host"));
        await("the running container is adopted", Duration.ofSeconds(10),
                () -> status(second).contains("\"availableReplicas\":1"));
        assertEquals(url, readyUrl(second), "its port comes back from its label");
    }

    @Test
    void secretsAreMountedReadOnlyAndRemovedWithTheContainer() throws Exception {
        EmbeddedServer server = controller(Map.of());
        Backend backend = server.getApplicationContext().getBean(Backend.class);
        String instanceId = name + "-s1";
        InstanceHandle handle = backend.start(new InstanceSpec(instanceId, new FunctionKey("default", name), image,
                null, Map.of(), new Resources("32Mi", null), Map.of("api-key", "s3cr3t".getBytes(StandardCharsets.UTF_8))));
        server.getApplicationContext().getBean(ReadinessProbe.class).awaitReady(handle, backend.onExit(handle))
                .get(20, TimeUnit.SECONDS);
        assertEquals("s3cr3t", fixture.get(handle.url() + "/cgi-bin/secret?api-key").body().strip());
        InspectContainerResponse inspected = engine.docker.inspectContainerCmd(onlyContainer().getId()).exec();
        assertTrue(Stream.of(inspected.getConfig().getEnv()).noneMatch(e -> e.contains("s3cr3t")), "secrets are files, not env");
        assertTrue(inspected.getMounts().stream().anyMatch(m -> "/var/openfaas/secrets".equals(m.getDestination().getPath())
                && Boolean.FALSE.equals(m.getRW())));
        Path secretsDir = server.getApplicationContext().getBean(DockerSettings.class).secretsDir().resolve(instanceId);
        assertTrue(secretsDir.toFile().isDirectory());

        backend.stop(handle, Duration.ofSeconds(2)).get(15, TimeUnit.SECONDS);
        assertTrue(engine.containersOf(controllerId).isEmpty(), "the stopped container is removed");
        assertFalse(secretsDir.toFile().exists(), "its secrets are deleted");
    }

    @Test
    void scaleToZeroRemovesTheContainerAndActivationStartsOne() throws Exception {
        EmbeddedServer server = controller(Map.of());
        deploy(server, "{\"service\":\"%s\",\"image\":\"%s\"}".formatted(name, image));
        String firstUrl = readyUrl(server);
        String first = onlyContainer().getId();

        HttpResponse<String> scaled = fixture.call(server, "POST", "/system/scale-function/" + name,
                "{\"serviceName\":\"" + name + "\",\"replicas\":0}");
        assertTrue(scaled.statusCode() / 100 == 2, scaled.body());
        await("its container is removed", Duration.ofSeconds(20), () -> engine.containersOf(controllerId).isEmpty());

        HttpResponse<String> activated = fixture.call(server, "POST", "/system/activate/default/" + name,
                "{\"arrivedAt\":" + System.currentTimeMillis() + ",\"timeoutMs\":20000}");
        assertEquals(200, activated.statusCode(), activated.body());
        Container second = onlyContainer();
        assertNotEquals(first, second.getId());
        String url = readyUrl(server);
        assertNotEquals(firstUrl, url);
        assertEquals(200, fixture.get(url + "/_/health").statusCode());
    }

    @Test
    void memoryOverrunIsReportedOomKilledAndReplaced() throws Exception {
        EmbeddedServer server = controller(Map.of());
        deploy(server, "{\"service\":\"%s\",\"image\":\"%s\",\"limits\":{\"memory\":\"32Mi\"}}".formatted(name, image));
        String url = readyUrl(server);
        String first = onlyContainer().getId();

        fixture.get(url + "/cgi-bin/hog");
        await("the status reports the OOM kill", Duration.ofSeconds(20), () -> status(server).contains("OOMKilled"));
        String status = status(server);
        assertTrue(status.matches("(?s).*\"type\":\"crashed\",\"reason\":\"was OOMKilled \\(exit code 137\\).*"), status);
        assertTrue(status.contains("\"type\":\"replaced\""), status);
        assertTrue(status.contains("\"exitReason\":\"was OOMKilled"), status);
        await("a replacement is ready", Duration.ofSeconds(20), () -> status(server).contains("\"availableReplicas\":1"));
        Container replacement = onlyContainer();
        assertNotEquals(first, replacement.getId());
        assertEquals(200, fixture.get(readyUrl(server) + "/_/health").statusCode());
    }

    @Test
    void missingImageIsPulledFromItsRegistryOrRejectedByName(@TempDir Path registryDir) throws Exception {
        EmbeddedServer server = controller(Map.of());
        HttpResponse<String> missing = fixture.call(server, "POST", "/system/functions",
                "{\"service\":\"%s\",\"image\":\"127.0.0.1:1/faas/nowhere:1\"}".formatted(name));
        assertEquals(400, missing.statusCode(), missing.body());
        assertTrue(missing.body().contains("image '127.0.0.1:1/faas/nowhere:1' is not on the Docker engine"), missing.body());
        assertEquals(404, fixture.call(server, "GET", "/system/function/" + name, null).statusCode());

        try (LoopbackRegistry registry = LoopbackRegistry.start(registryDir, false)) {
            String remote = registry.address() + "/faas/" + name + ":1";
            engine.docker.tagImageCmd(image, registry.address() + "/faas/" + name, "1").exec();
            engine.docker.pushImageCmd(remote).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>())
                    .awaitCompletion(60, TimeUnit.SECONDS);
            engine.removeImage(remote); // only the registry has it now
            try {
                deploy(server, "{\"service\":\"%s\",\"image\":\"%s\"}".formatted(name, remote));
                assertEquals(200, fixture.get(readyUrl(server) + "/_/health").statusCode());
                assertEquals(remote, onlyContainer().getImage());
            } finally {
                fixture.call(server, "DELETE", "/system/functions", "{\"functionName\":\"" + name + "\"}");
                engine.removeImage(remote);
            }
        }
    }

    @Test
    void unreachableEngineFailsDeployAtOnceAndLeavesNothing() {
        String socket = "/tmp/no-docker-" + name + ".sock";
        EmbeddedServer server = controller(Map.of("faas.docker.host", "unix://" + socket));
        long started = System.nanoTime();
        HttpResponse<String> deployed = fixture.call(server, "POST", "/system/functions",
                "{\"service\":\"%s\",\"image\":\"%s\"}".formatted(name, image));
        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals(503, deployed.statusCode(), deployed.body());
        assertTrue(ms < 2000, "answered after " + ms + " ms");
        assertTrue(deployed.body().contains("\"status\":503"), deployed.body());
        assertTrue(deployed.body().contains(socket), deployed.body());
        assertTrue(deployed.body().contains("start dockerd"), deployed.body());
        assertEquals(404, fixture.call(server, "GET", "/system/function/" + name, null).statusCode());
    }

    @Test
    void restartAdoptsTheRunningContainerAndRemovesExitedLeftovers() throws Exception {
        EmbeddedServer first = controller(Map.of("faas.runtime.stop-instances-on-shutdown", false));
        deploy(first, "{\"service\":\"%s\",\"image\":\"%s\"}".formatted(name, image));
        String url = readyUrl(first);
        String running = onlyContainer().getId();
        // A container of ours that exited while no controller watched.
        String leftover = engine.docker.createContainerCmd(image).withName("faas-" + controllerId + "-leftover-" + name)
                .withLabels(Map.of(ContainerLabels.MANAGED, "true", ContainerLabels.CONTROLLER, controllerId,
                        ContainerLabels.FUNCTION, name, ContainerLabels.NAMESPACE, "default",
                        ContainerLabels.INSTANCE, "leftover-" + name))
                .exec().getId();
        first.getApplicationContext().close();
        servers.remove(first);
        assertEquals(2, engine.containersOf(controllerId).size());

        EmbeddedServer second = controller(Map.of());
        await("the running container is adopted", Duration.ofSeconds(10), () -> status(second).contains("\"availableReplicas\":1"));
        assertEquals(url, readyUrl(second), "adopted, not replaced");
        List<Container> left = engine.containersOf(controllerId);
        assertEquals(List.of(running), left.stream().map(Container::getId).toList(), "the exited leftover is removed");
        assertFalse(left.stream().anyMatch(c -> c.getId().equals(leftover)));
        assertTrue(status(second).contains("\"type\":\"adopted\""), status(second));
    }

    private EmbeddedServer controller(Map<String, Object> overrides) {
        Map<String, Object> props = new java.util.HashMap<>(Map.of("faas.backend", "docker",
                "faas.docker.host", DockerTestEngine.HOST, "faas.gateway-url", "http://127.0.0.1:1"));
        props.putAll(overrides);
        EmbeddedServer server = fixture.start(props);
        servers.add(server);
        controllerId = server.getApplicationContext().getBean(DockerSettings.class).controllerId();
        return server;
    }

    private void deploy(EmbeddedServer server, String body) {
        HttpResponse<String> deployed = fixture.call(server, "POST", "/system/functions", body);
        assertEquals(202, deployed.statusCode(), deployed.body());
    }

    private String status(EmbeddedServer server) {
        return fixture.call(server, "GET", "/system/function/" + name, null).body();
    }

    /** The URL of the function's one ready instance, once there is one. */
    private String readyUrl(EmbeddedServer server) {
        String[] url = new String[1];
        await("an instance is ready", Duration.ofSeconds(20), () -> {
            String endpoints = fixture.call(server, "GET", "/system/endpoints/default/" + name, null).body();
            var m = java.util.regex.Pattern.compile("\"url\":\"(http://[^\"]+)\"").matcher(endpoints);
            if (m.find()) {
                url[0] = m.group(1);
                return true;
            }
            return false;
        });
        return url[0];
    }

    private Container onlyContainer() {
        List<Container> containers = engine.containersOf(controllerId);
        assertEquals(1, containers.size(), containers.toString());
        return containers.get(0);
    }

    private static String auth() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + RuntimeFixture.PASSWORD).getBytes());
    }
}
