package dev.faas.controller.pool;

import dev.faas.controller.coldstart.ColdStartRecord;
import dev.faas.controller.coldstart.ColdStartRecorder;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.instance.Instance;
import dev.faas.controller.instance.InstanceRegistry;
import dev.faas.controller.runtime.Activation;
import dev.faas.controller.reconciler.FunctionReconciler;
import dev.faas.controller.runtime.DeployFailedException;
import dev.faas.controller.runtime.Endpoint;
import dev.faas.controller.testsupport.FunctionJars;
import dev.faas.controller.testsupport.GatedDeliveryBackend;
import dev.faas.controller.testsupport.InMemoryFunctionStore;
import dev.faas.controller.testsupport.PooledFunctions;
import dev.faas.controller.testsupport.RuntimeFixture;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.faas.controller.testsupport.RuntimeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prewarmed pool on the process backend, with the real runtime-java jar and really compiled functions. */
class RuntimePoolTest {
    @TempDir
    Path stateDir;
    @TempDir
    Path work;
    private RuntimeFixture fixture;
    private EmbeddedServer server;

    private void startController(int poolSize) {
        startController(poolSize, Map.of());
    }

    private void startController(int poolSize, Map<String, Object> more) {
        InMemoryFunctionStore.clear();
        fixture = new RuntimeFixture(stateDir);
        Map<String, Object> props = new HashMap<>();
        props.put("faas.runtime.classpath", "");
        props.put("faas.runtime.main-class", "");
        props.put("faas.runtime.jar", FunctionJars.RUNTIME_JAR.toString());
        props.put("faas.pool.enabled", true);
        props.put("faas.pool.size", poolSize);
        props.putAll(more);
        server = fixture.start(props);
    }

    @AfterEach
    void stop() {
        if (server != null && server.isRunning()) {
            server.getApplicationContext().close();
        }
    }

    private <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    private Set<String> awaitFullPool(int size) {
        RuntimePool pool = bean(RuntimePool.class);
        await("the pool holds " + size + " idle instances", Duration.ofSeconds(30), () -> pool.status().idle() == size);
        return pool.status().instances().stream().map(PoolStatus.Member::id).collect(Collectors.toSet());
    }

    private Instance onlyInstance(String name) {
        List<Instance> ready = bean(InstanceRegistry.class).ready(new FunctionKey("default", name));
        assertEquals(1, ready.size(), ready.toString());
        return ready.get(0);
    }

    @Test
    void twoFunctionsSpecializedFromOnePoolSeeOnlyTheirOwnClassesEnvAndSecrets() throws Exception {
        startController(2);
        Set<String> pooledIds = awaitFullPool(2);
        PoolStatus full = bean(RuntimePool.class).status();
        assertTrue(full.memoryBytes() > 0, "the pool reports the memory its idle instances hold: " + full);
        assertTrue(fixture.call(server, "GET", "/system/pool", null).body().contains("\"memoryBytes\":"));
        assertEquals(201, fixture.call(server, "POST", "/system/secrets",
                "{\"name\":\"sec-a\",\"value\":\"alpha-secret\"}").statusCode());
        assertEquals(201, fixture.call(server, "POST", "/system/secrets",
                "{\"name\":\"sec-b\",\"value\":\"beta-secret\"}").statusCode());
        FunctionReconciler reconciler = bean(FunctionReconciler.class);
        FunctionSpec a = PooledFunctions.build(stateDir, work, "alpha", "aaaaaaaaaaaa", Map.of("MARK", "mark-a"),
                List.of("sec-a"));
        FunctionSpec b = PooledFunctions.build(stateDir, work, "beta", "bbbbbbbbbbbb", Map.of("MARK", "mark-b"),
                List.of("sec-b"));

        reconciler.deploy(a).get(30, TimeUnit.SECONDS);
        reconciler.deploy(b).get(30, TimeUnit.SECONDS);

        Instance alpha = onlyInstance("alpha");
        Instance beta = onlyInstance("beta");
        assertTrue(pooledIds.contains(alpha.id()), "alpha runs on a pooled instance: " + alpha.id() + " " + pooledIds);
        assertTrue(pooledIds.contains(beta.id()), "beta runs on a pooled instance: " + beta.id() + " " + pooledIds);
        assertNotEquals(alpha.handle().pid(), beta.handle().pid());
        assertTrue(alpha.timings().pooled() && beta.timings().pooled());

        String alphaSays = fixture.get(alpha.handle().url() + "/?class=function.OnlyInBeta").body();
        assertTrue(alphaSays.startsWith("greeting=alpha mark=mark-a sec-a=alpha-secret sec-b=none loads=no pid="
                + alpha.handle().pid()), alphaSays);
        assertTrue(fixture.get(alpha.handle().url() + "/?class=function.OnlyInAlpha").body().contains("loads=yes"));
        String betaSays = fixture.get(beta.handle().url() + "/?class=function.OnlyInAlpha").body();
        assertTrue(betaSays.startsWith("greeting=beta mark=mark-b sec-a=none sec-b=beta-secret loads=no pid="
                + beta.handle().pid()), betaSays);
        assertTrue(fixture.get(beta.handle().url() + "/?class=function.OnlyInBeta").body().contains("loads=yes"));

        // The pool refills with new instances; the specialized ones stay with their functions.
        Set<String> refilled = awaitFullPool(2);
        assertFalse(refilled.contains(alpha.id()) || refilled.contains(beta.id()), refilled.toString());
        assertEquals(2, bean(RuntimePool.class).status().acquired());

        // A cold start from zero is served from the pool, and its phases say so.
        reconciler.scale(new FunctionKey("default", "alpha"), 0);
        await("alpha is at zero", Duration.ofSeconds(20),
                () -> bean(InstanceRegistry.class).running(new FunctionKey("default", "alpha")).isEmpty());
        long arrived = System.currentTimeMillis();
        CompletableFuture<Activation> waking = reconciler.activate(new FunctionKey("default", "alpha"), arrived);
        assertTrue(waking.isDone(), "a pooled instance takes calls as soon as it is taken from the pool");
        Activation activation = waking.get();
        List<Instance> callable = bean(InstanceRegistry.class).acceptingCalls(new FunctionKey("default", "alpha"));
        assertEquals(1, callable.size(), callable.toString());
        Instance woken = callable.get(0);
        assertTrue(refilled.contains(woken.id()), "woken from the pool: " + woken.id());
        List<Endpoint> early = reconciler.callableEndpoints(new FunctionKey("default", "alpha"));
        assertTrue(early.get(0).loading() || woken.ready().isDone(),
                "routers are told it is still loading (their calls' timeouts then allow for the load)");
        // A call sent at once is held by the instance while alpha loads, then answered by alpha.
        String heldSays = fixture.get(woken.handle().url() + "/?class=function.OnlyInAlpha").body();
        assertTrue(heldSays.startsWith("greeting=alpha mark=mark-a"), heldSays);
        assertEquals(woken, onlyInstance("alpha"));
        assertFalse(reconciler.callableEndpoints(new FunctionKey("default", "alpha")).get(0).loading(),
                "ready: no longer loading");
        ColdStartRecorder coldStarts = bean(ColdStartRecorder.class);
        await("the cold start's readiness is recorded", Duration.ofSeconds(10),
                () -> coldStarts.find(activation.coldStartId()).orElseThrow().instanceReady() != null);
        assertTrue(coldStarts.firstResponse(activation.coldStartId(), System.currentTimeMillis()));
        ColdStartRecord record = coldStarts.find(activation.coldStartId()).orElseThrow();
        assertTrue(record.pooled());
        assertTrue(record.phases().keySet().containsAll(List.of("schedule", "acquire", "handler_load", "readiness",
                "first_response", "total")), record.phases().toString());
        assertFalse(record.phases().containsKey("process_start"), record.phases().toString());
        var summary = reconciler.status(new FunctionKey("default", "alpha")).coldStarts();
        assertEquals(1, summary.pooled());
        assertTrue(summary.phases().containsKey("acquire"), summary.phases().toString());
        String metrics = fixture.get(server.getURI() + "/metrics").body();
        assertTrue(metrics.contains("faas_cold_start_seconds_count{function=\"alpha\",namespace=\"default\","
                + "phase=\"acquire\",pooled=\"true\"}"), metrics.lines().filter(l -> l.contains("cold_start"))
                .limit(5).toList().toString());
        assertTrue(metrics.contains("faas_pool_memory_bytes{runtime=\"java\"}"));
    }

    @Test
    void aFunctionWhoseInitThrowsIsReportedAndItsInstanceDiscardedNotReturnedToThePool() throws Exception {
        startController(1);
        Set<String> pooledIds = awaitFullPool(1);
        String taken = pooledIds.iterator().next();
        long pid = pidOf(taken);
        FunctionSpec broken = PooledFunctions.build(stateDir, work, "broken", "cccccccccccc", Map.of("INIT", "throw"),
                List.of());

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> bean(FunctionReconciler.class).deploy(broken).get(30, TimeUnit.SECONDS));
        assertInstanceOf(DeployFailedException.class, failed.getCause());
        assertTrue(failed.getCause().getMessage().contains("init failed: IllegalStateException: init refused: INIT=throw"),
                failed.getCause().getMessage());

        await("the instance that took the broken function has ended", Duration.ofSeconds(20),
                () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        Set<String> refilled = awaitFullPool(1);
        assertFalse(refilled.contains(taken), "the failed instance never goes back to the pool");
    }

    @Test
    void aColdStartIsAnsweredBeforeItsPooledInstanceIsHandedItsFunctionAndTheCallItHoldsIsServed() throws Exception {
        startController(1, Map.of("faas.test.gated-delivery", true));
        awaitFullPool(1);
        FunctionReconciler reconciler = bean(FunctionReconciler.class);
        FunctionKey key = new FunctionKey("default", "early");
        reconciler.deploy(PooledFunctions.build(stateDir, work, "early", "eeeeeeeeeeee", Map.of("MARK", "m-early"),
                List.of())).get(30, TimeUnit.SECONDS);
        reconciler.scale(key, 0);
        await("early is at zero", Duration.ofSeconds(20), () -> bean(InstanceRegistry.class).running(key).isEmpty());
        Set<String> pooledIds = awaitFullPool(1);

        GatedDeliveryBackend.close();
        try {
            CompletableFuture<Activation> waking = reconciler.activate(key, System.currentTimeMillis());
            String delivering = GatedDeliveryBackend.waiting().get(20, TimeUnit.SECONDS);
            assertTrue(pooledIds.contains(delivering), delivering + " " + pooledIds);
            assertTrue(waking.isDone(), "answered while the function's files are still on their way");
            List<Endpoint> endpoints = reconciler.callableEndpoints(key);
            assertEquals(List.of(delivering), endpoints.stream().map(Endpoint::id).toList());
            assertTrue(endpoints.get(0).loading());

            CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(
                    () -> fixture.get(endpoints.get(0).url() + "/?class=x"));
            Thread.sleep(300);
            assertFalse(held.isDone(), "the instance holds the call until it has its function");
            GatedDeliveryBackend.open();
            HttpResponse<String> response = held.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().startsWith("greeting=early mark=m-early"), response.body());
        } finally {
            GatedDeliveryBackend.open();
        }
    }

    @Test
    void aPooledInstanceWhoseFunctionCannotBeDeliveredIsReportedEndsAndAnswersTheCallItHolds() throws Exception {
        startController(1, Map.of("faas.test.gated-delivery", true));
        String taken = awaitFullPool(1).iterator().next();
        long pid = pidOf(taken);
        GatedDeliveryBackend.close();
        try {
            CompletableFuture<Void> deployed = bean(FunctionReconciler.class).deploy(PooledFunctions.build(stateDir,
                    work, "undelivered", "ffffffffffff", Map.of("MARK", "m"), List.of()));
            assertEquals(taken, GatedDeliveryBackend.waiting().get(20, TimeUnit.SECONDS));
            InstanceRegistry registry = bean(InstanceRegistry.class);
            await("the instance is the function's", Duration.ofSeconds(10), () -> registry.find(taken).isPresent());
            String url = registry.find(taken).orElseThrow().handle().url() + "/?class=x";
            CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> fixture.get(url));
            Thread.sleep(300);

            GatedDeliveryBackend.fail("No space left on device");
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> deployed.get(30, TimeUnit.SECONDS));
            assertInstanceOf(DeployFailedException.class, failed.getCause());
            String message = failed.getCause().getMessage();
            assertTrue(message.contains("generic instance " + taken + " could not be handed to undelivered.default")
                    && message.contains("No space left on device"), message);
            HttpResponse<String> answer = held.get(20, TimeUnit.SECONDS);
            assertEquals(503, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("was not given its function")
                    && answer.body().contains("the call was not run"), answer.body());
        } finally {
            GatedDeliveryBackend.open();
        }
        await("the instance that could not take its function has ended", Duration.ofSeconds(20),
                () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertFalse(awaitFullPool(1).contains(taken), "it never goes back to the pool");
    }

    @Test
    void aBurstThatEmptiesThePoolFallsBackToFreshInstancesAndEveryCallSucceeds() throws Exception {
        startController(1);
        Set<String> pooledIds = awaitFullPool(1);
        FunctionReconciler reconciler = bean(FunctionReconciler.class);
        FunctionKey key = new FunctionKey("default", "burst");
        // Four replicas at once (min 4, so that the idle autoscaler keeps them): one pooled instance for three more.
        reconciler.deploy(PooledFunctions.build(stateDir, work, "burst", "dddddddddddd", Map.of("MARK", "m"),
                List.of(), Map.of("com.openfaas.scale.min", "4"))).get(30, TimeUnit.SECONDS);

        InstanceRegistry registry = bean(InstanceRegistry.class);
        await("four instances are ready", Duration.ofSeconds(60), () -> registry.ready(key).size() == 4);

        List<Instance> ready = registry.ready(key);
        long pooled = ready.stream().filter(i -> i.timings().pooled()).count();
        assertTrue(pooled >= 1 && pooled < 4, "some from the pool, the rest fresh: " + pooled);
        assertTrue(ready.stream().anyMatch(i -> pooledIds.contains(i.id())));
        assertTrue(bean(RuntimePool.class).status().fallbacks() >= 1);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (Instance i : ready) {
                calls.add(CompletableFuture.supplyAsync(() -> fixture.get(i.handle().url() + "/?class=x")));
            }
        }
        Set<Long> pids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().startsWith("greeting=burst mark=m"), response.body());
            pids.add(Long.parseLong(response.body().substring(response.body().indexOf("pid=") + 4)));
        }
        assertEquals(4, pids.size(), "every instance answered for itself");
    }

    private long pidOf(String instanceId) throws Exception {
        // The process backend names the pid in the instance's record file.
        String record = java.nio.file.Files.readString(stateDir.resolve("instances").resolve(instanceId + ".json"));
        String pid = record.replaceAll(".*\"pid\":(\\d+).*", "$1");
        return Long.parseLong(pid.trim());
    }
}
