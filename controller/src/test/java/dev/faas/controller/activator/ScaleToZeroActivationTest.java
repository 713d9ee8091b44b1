package dev.faas.controller.activator;

import dev.faas.controller.autoscaler.ScalingPolicy;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.instance.Instance;
import dev.faas.controller.instance.InstanceRegistry;
import dev.faas.controller.reconciler.FunctionReconciler;
import dev.faas.controller.runtime.RuntimeStatus;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.faas.controller.testsupport.RuntimeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idle functions go to zero; the activator brings them back with one start and records the cold start. */
class ScaleToZeroActivationTest {
    private static final FunctionKey HELLO = new FunctionKey("default", "hello");
    private static final Pattern COLD_START_ID = Pattern.compile("\"coldStartId\":\"(cs-[^\"]+)\"");

    @TempDir
    Path stateDir;
    private RuntimeFixture fixture;
    private EmbeddedServer server;

    @BeforeEach
    void start() {
        InMemoryFunctionStore.clear();
        fixture = new RuntimeFixture(stateDir);
        server = fixture.start(Map.of("faas.autoscaler.idle-timeout", "1s"));
    }

    @AfterEach
    void stop() {
        server.getApplicationContext().close();
    }

    @Test
    void idleFunctionScalesToZeroAndOneActivationWakesIt() throws Exception {
        FunctionReconciler reconciler = server.getApplicationContext().getBean(FunctionReconciler.class);
        InstanceRegistry registry = server.getApplicationContext().getBean(InstanceRegistry.class);
        reconciler.deploy(fixture.spec("hello", "a1", Map.of("exec_timeout", "15s"),
                        Map.of(ScalingPolicy.CONCURRENCY, "4")))
                .get(20, TimeUnit.SECONDS);
        long firstPid = registry.ready(HELLO).get(0).handle().pid();

        await("the idle function is at zero", Duration.ofSeconds(8), () -> registry.running(HELLO).isEmpty());
        assertEquals(0, reconciler.status(HELLO).replicas());
        assertTrue(ProcessHandle.of(firstPid).map(p -> !p.isAlive()).orElse(true));
        assertTrue(fixture.call(server, "GET", "/system/endpoints/default/hello", null).body()
                .contains("\"timeoutMs\":15000,\"endpoints\":[],\"concurrency\":4,\"queueSize\":1000"));

        // Five callers at once: one start, one cold start shared by all.
        long arrivedAt = System.currentTimeMillis();
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 5)
                .mapToObj(n -> CompletableFuture.supplyAsync(() -> fixture.call(server, "POST",
                        "/system/activate/default/hello", "{\"arrivedAt\":" + arrivedAt + ",\"timeoutMs\":15000}")))
                .toList();
        Set<String> coldStartIds = calls.stream().map(CompletableFuture::join).map(r -> {
            assertEquals(200, r.statusCode(), r.body());
            Matcher m = COLD_START_ID.matcher(r.body());
            assertTrue(m.find(), r.body());
            return m.group(1);
        }).collect(Collectors.toSet());
        assertEquals(1, coldStartIds.size());
        List<Instance> started = registry.running(HELLO);
        assertEquals(1, started.size(), "one instance started for all callers");
        assertTrue(calls.get(0).join().body().contains(started.get(0).handle().url().toString()));

        // While it is ready, activation answers at once without a cold start.
        HttpResponse<String> warm = fixture.call(server, "POST", "/system/activate/default/hello",
                "{\"arrivedAt\":" + System.currentTimeMillis() + "}");
        assertTrue(warm.body().contains("\"coldStartId\":null"), warm.body());

        String id = coldStartIds.iterator().next();
        assertEquals(204, fixture.call(server, "POST", "/system/cold-starts/" + id + "/first-response",
                "{\"at\":" + System.currentTimeMillis() + "}").statusCode());
        RuntimeStatus.ColdStartSummary summary = reconciler.status(HELLO).coldStarts();
        assertEquals(1, summary.count());
        assertTrue(summary.p50Ms() != null && summary.p50Ms() >= 0);
        assertEquals(Set.of("schedule", "process_start", "runtime_init", "handler_load", "readiness",
                "first_response", "total"), summary.recent().get(0).phases().keySet());

        String metrics = fixture.call(server, "GET", "/metrics", null).body();
        assertTrue(metrics.contains("faas_cold_start_seconds_bucket{function=\"hello\",namespace=\"default\",phase=\"total\""),
                metrics.lines().filter(l -> l.contains("cold_start")).limit(5).collect(Collectors.joining("\n")));
        assertTrue(metrics.contains("faas_function_replicas{function=\"hello\",namespace=\"default\"}"));

        HttpResponse<String> unknown = fixture.call(server, "POST", "/system/activate/default/nope", "{}");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("function 'nope' not found in namespace 'default'"), unknown.body());
        HttpResponse<String> noEndpoints = fixture.call(server, "GET", "/system/endpoints/default/nope", null);
        assertEquals(404, noEndpoints.statusCode());
        assertTrue(noEndpoints.body().contains("function 'nope' not found"), noEndpoints.body());
        HttpResponse<String> invalid = fixture.call(server, "POST", "/system/activate/default/Not_Valid", "{}");
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().contains("DNS-1123"), invalid.body());
    }

    @Test
    void activationOfAFunctionThatCannotStartAnswers503WithTheReason() throws Exception {
        FunctionReconciler reconciler = server.getApplicationContext().getBean(FunctionReconciler.class);
        InstanceRegistry registry = server.getApplicationContext().getBean(InstanceRegistry.class);
        reconciler.deploy(fixture.spec("flaky", "a1", Map.of(), Map.of())).get(20, TimeUnit.SECONDS);
        FunctionKey flaky = new FunctionKey("default", "flaky");
        await("at zero", Duration.ofSeconds(8), () -> registry.running(flaky).isEmpty());
        // The build's artifacts vanish, so the next start cannot happen.
        java.nio.file.Files.delete(stateDir.resolve("artifacts/default/flaky/a1/function.jar"));

        HttpResponse<String> response = fixture.call(server, "POST", "/system/activate/default/flaky",
                "{\"arrivedAt\":" + System.currentTimeMillis() + ",\"timeoutMs\":3000}");
        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.body().contains("function 'flaky' in namespace 'default' is not available"), response.body());
        assertTrue(response.body().contains("\"status\":503"), response.body());
    }
}
