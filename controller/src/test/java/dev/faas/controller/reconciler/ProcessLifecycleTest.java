package dev.faas.controller.reconciler;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.instance.Instance;
import dev.faas.controller.instance.InstanceRegistry;
import dev.faas.controller.instance.InstanceState;
import dev.faas.controller.runtime.DeployFailedException;
import dev.faas.controller.runtime.LogLine;
import dev.faas.controller.testsupport.InMemoryFunctionStore;
import dev.faas.controller.testsupport.RuntimeFixture;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.faas.controller.testsupport.RuntimeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instances as real child processes: start, crash and replacement, drained scale-down, failed rollout, shutdown. */
class ProcessLifecycleTest {
    private static final FunctionKey HELLO = new FunctionKey("default", "hello");

    @TempDir
    Path stateDir;
    private RuntimeFixture fixture;
    private EmbeddedServer server;
    private final List<Long> pids = new ArrayList<>();

    @BeforeEach
    void start() {
        InMemoryFunctionStore.clear();
        fixture = new RuntimeFixture(stateDir);
        server = fixture.start(Map.of());
    }

    @AfterEach
    void stop() {
        if (server.isRunning()) {
            server.getApplicationContext().close();
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void instancesStartCrashDrainAndStopWithTheController() throws Exception {
        FunctionReconciler reconciler = server.getApplicationContext().getBean(FunctionReconciler.class);
        InstanceRegistry registry = server.getApplicationContext().getBean(InstanceRegistry.class);
        reconciler.deploy(fixture.spec("hello", "a1", Map.of("GREETING", "hi"), Map.of())).get(20, TimeUnit.SECONDS);

        // Ready and listed, with a clean environment (no controller secrets inherited).
        Instance first = registry.ready(HELLO).get(0);
        pids.add(first.handle().pid());
        HttpResponse<String> endpoints = fixture.call(server, "GET", "/system/endpoints/default/hello", null);
        assertEquals(200, endpoints.statusCode());
        assertTrue(endpoints.body().contains(first.handle().url().toString()), endpoints.body());
        assertTrue(endpoints.body().contains("\"timeoutMs\":60000"), endpoints.body());
        assertEquals("echo /items?x=1", fixture.get(first.handle().url() + "/items?x=1").body());
        Set<String> env = Set.of(fixture.get(first.handle().url() + "/env").body().split(","));
        assertTrue(env.containsAll(Set.of("PORT", "FAAS_FUNCTION_NAME", "FAAS_FUNCTION_PATH", "GREETING")), env.toString());
        assertTrue(env.stream().allMatch(n -> Set.of("PATH", "HOME", "LANG", "PORT", "GREETING", "FAAS_FUNCTION_NAME",
                "FAAS_FUNCTION_NAMESPACE", "FAAS_FUNCTION_PATH", "FAAS_GATEWAY", "FAAS_DRAIN_SECONDS", "FAAS_SECRETS_DIR")
                .contains(n)), env.toString());

        // Its output is in its log file, streamed as log lines.
        List<LogLine> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        reconciler.logs(HELLO, 10, null, false, lines::add, ended::countDown);
        assertTrue(ended.await(5, TimeUnit.SECONDS));
        assertTrue(lines.stream().anyMatch(l -> l.instance().equals(first.id()) && l.text().contains("listening on")),
                lines.toString());

        // A crash marks it FAILED, takes it out of the endpoints and a replacement becomes ready.
        assertThrows(Exception.class, () -> fixture.get(first.handle().url() + "/crash"));
        await("the crashed instance is FAILED", Duration.ofSeconds(5), () -> first.state() == InstanceState.FAILED);
        assertTrue(first.failure().contains("exited with code 1"), first.failure());
        await("a replacement is ready", Duration.ofSeconds(10), () -> registry.ready(HELLO).size() == 1);
        var status = reconciler.status(HELLO);
        assertTrue(status.events().stream().anyMatch(e -> e.instance().equals(first.id()) && e.type().equals("crashed")
                && e.reason().equals("exited with code 1")), status.events().toString());
        assertTrue(status.instances().stream().anyMatch(i -> i.id().equals(first.id())
                && "exited with code 1".equals(i.exitReason())), status.instances().toString());
        Instance second = registry.ready(HELLO).get(0);
        pids.add(second.handle().pid());
        assertNotEquals(first.id(), second.id());

        // Scale down drains: an instance with a call in flight is kept until the routers report it clear.
        reconciler.scale(HELLO, 2);
        await("two instances are ready", Duration.ofSeconds(10), () -> registry.ready(HELLO).size() == 2);
        registry.ready(HELLO).forEach(i -> pids.add(i.handle().pid()));
        AtomicBoolean busy = new AtomicBoolean(true);
        Thread router = reportTraffic(busy);
        try {
            Thread.sleep(150);
            reconciler.scale(HELLO, 1);
            await("one instance is draining", Duration.ofSeconds(5), () -> registry.running(HELLO).stream()
                    .anyMatch(i -> i.state() == InstanceState.DRAINING));
            Instance draining = registry.running(HELLO).stream().filter(i -> i.state() == InstanceState.DRAINING)
                    .findFirst().orElseThrow();
            assertEquals(1, registry.ready(HELLO).size());
            assertTrue(!fixture.call(server, "GET", "/system/endpoints/default/hello", null).body()
                    .contains(draining.handle().url().toString()));
            Thread.sleep(1000);
            assertEquals(InstanceState.DRAINING, draining.state(), "kept while a call is in flight");
            assertTrue(ProcessHandle.of(draining.handle().pid()).map(ProcessHandle::isAlive).orElse(false));
            busy.set(false);
            await("the drained instance stops", Duration.ofSeconds(8), () -> draining.state() == InstanceState.STOPPED);
            await("its process is gone", Duration.ofSeconds(5),
                    () -> ProcessHandle.of(draining.handle().pid()).map(p -> !p.isAlive()).orElse(true));
        } finally {
            busy.set(false);
            router.interrupt();
            router.join();
        }

        // A version whose handler does not load is rejected; the previous one keeps serving.
        Instance serving = registry.ready(HELLO).get(0);
        FunctionSpec broken = fixture.spec("hello", "a2", Map.of("TEST_HEALTH", "failed"), Map.of());
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> reconciler.deploy(broken).get(20, TimeUnit.SECONDS));
        DeployFailedException deployFailed = assertInstanceOf(DeployFailedException.class, failure.getCause());
        assertTrue(deployFailed.getMessage().contains("cannot load handler class 'function.Handler'"), deployFailed.getMessage());
        assertTrue(deployFailed.getMessage().contains("the previous version keeps serving"), deployFailed.getMessage());
        assertEquals(List.of(serving), registry.ready(HELLO));
        assertEquals("echo /", fixture.get(serving.handle().url() + "/").body());
        assertTrue(fixture.call(server, "GET", "/metrics", null).body()
                .contains("faas_function_available_replicas{function=\"hello\",namespace=\"default\"} 1.0"));

        // A graceful shutdown stops every instance.
        List<Long> running = registry.allRunning().stream().map(i -> i.handle().pid()).toList();
        server.getApplicationContext().close();
        for (long pid : running) {
            assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "pid " + pid + " still runs");
        }
    }

    @Test
    void imagesNotBuiltHereAreRejected() {
        FunctionReconciler reconciler = server.getApplicationContext().getBean(FunctionReconciler.class);
        FunctionSpec spec = new FunctionSpec("nginx", "default", "docker.io/library/nginx:latest", null, null, null,
                null, null, null, null, null, false, null);
        var error = assertThrows(dev.faas.controller.function.InvalidFunctionException.class, () -> reconciler.deploy(spec));
        assertTrue(error.getMessage().contains("'docker.io/library/nginx:latest' is not one"), error.getMessage());
        assertTrue(error.getMessage().contains("container backend"), error.getMessage());
    }

    /** Plays a router that reports one call in flight on every instance while {@code busy}, then zero. */
    private Thread reportTraffic(AtomicBoolean busy) {
        InstanceRegistry registry = server.getApplicationContext().getBean(InstanceRegistry.class);
        List<String> ids = registry.ready(HELLO).stream().map(Instance::id).toList();
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                int each = busy.get() ? 1 : 0;
                String instances = String.join(",", ids.stream().map(id -> "\"" + id + "\":" + each).toList());
                fixture.call(server, "POST", "/system/traffic", "{\"router\":\"r1\",\"functions\":[{\"namespace\":\"default\","
                        + "\"name\":\"hello\",\"requests\":0,\"inFlight\":" + (each * ids.size()) + ",\"instances\":{"
                        + instances + "}}]}");
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.start();
        return t;
    }

}
