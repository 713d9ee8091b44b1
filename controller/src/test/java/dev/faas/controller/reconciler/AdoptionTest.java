package dev.faas.controller.reconciler;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import dev.faas.controller.instance.InstanceRegistry;
import dev.faas.controller.instance.InstanceState;
import dev.faas.controller.testsupport.InMemoryFunctionStore;
import dev.faas.controller.testsupport.RuntimeFixture;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.faas.controller.testsupport.RuntimeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After a hard stop of the controller, the next one adopts healthy instances of current versions and stops the rest. */
class AdoptionTest {
    private static final FunctionKey HELLO = new FunctionKey("default", "hello");

    @TempDir
    Path stateDir;
    private final List<Long> pids = new ArrayList<>();
    private final List<EmbeddedServer> servers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        servers.forEach(s -> s.getApplicationContext().close());
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void restartedControllerAdoptsRunningInstanceAndStopsOrphan() throws Exception {
        InMemoryFunctionStore.clear();
        RuntimeFixture fixture = new RuntimeFixture(stateDir);
        EmbeddedServer first = fixture.start(Map.of("faas.runtime.stop-instances-on-shutdown", false));
        servers.add(first);
        FunctionReconciler reconciler = first.getApplicationContext().getBean(FunctionReconciler.class);
        FunctionSpec hello = fixture.spec("hello", "a1", Map.of(), Map.of());
        first.getApplicationContext().getBean(FunctionStore.class).save(hello);
        reconciler.deploy(hello).get(20, TimeUnit.SECONDS);
        reconciler.deploy(fixture.spec("orphan", "a1", Map.of(), Map.of())).get(20, TimeUnit.SECONDS);
        InstanceRegistry registry = first.getApplicationContext().getBean(InstanceRegistry.class);
        long helloPid = registry.ready(HELLO).get(0).handle().pid();
        long orphanPid = registry.ready(new FunctionKey("default", "orphan")).get(0).handle().pid();
        pids.addAll(List.of(helloPid, orphanPid));

        first.getApplicationContext().close(); // as after a hard kill: instances are left running
        assertTrue(ProcessHandle.of(helloPid).orElseThrow().isAlive());
        assertTrue(ProcessHandle.of(orphanPid).orElseThrow().isAlive());

        EmbeddedServer second = fixture.start(Map.of());
        servers.add(second);
        InstanceRegistry adopted = second.getApplicationContext().getBean(InstanceRegistry.class);
        assertEquals(1, adopted.ready(HELLO).size());
        assertEquals(helloPid, adopted.ready(HELLO).get(0).handle().pid(), "the running instance is adopted, not replaced");
        await("the orphan is stopped", Duration.ofSeconds(8),
                () -> ProcessHandle.of(orphanPid).map(p -> !p.isAlive()).orElse(true));
        assertTrue(fixture.call(second, "GET", "/system/endpoints/default/hello", null).body()
                .contains(adopted.ready(HELLO).get(0).handle().url().toString()));

        // The adopted instance is watched like any other: a crash is detected and replaced.
        adopted.ready(HELLO).get(0).handle();
        ProcessHandle.of(helloPid).orElseThrow().destroyForcibly();
        await("the adopted instance is marked failed", Duration.ofSeconds(5),
                () -> adopted.instances(HELLO).get(0).state() == InstanceState.FAILED);
        await("a replacement is ready", Duration.ofSeconds(10), () -> adopted.ready(HELLO).size() == 1);
        pids.add(adopted.ready(HELLO).get(0).handle().pid());
    }
}
