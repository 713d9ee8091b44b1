package dev.faas.controller.backend.docker;

import com.github.dockerjava.api.model.Container;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.Resources;
import dev.faas.controller.image.FunctionImageBuilder;
import dev.faas.controller.image.FunctionImageRequest;
import dev.faas.controller.instance.Instance;
import dev.faas.controller.instance.InstanceRegistry;
import dev.faas.controller.pool.PoolStatus;
import dev.faas.controller.pool.RuntimePool;
import dev.faas.controller.reconciler.FunctionReconciler;
import dev.faas.controller.testsupport.FunctionJars;
import dev.faas.controller.testsupport.InMemoryFunctionStore;
import dev.faas.controller.testsupport.PooledFunctions;
import dev.faas.controller.testsupport.RuntimeFixture;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.faas.controller.testsupport.RuntimeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prewarmed pool on the docker backend: generic containers of the controller's own runtime image wait paused,
 * and two functions specialized from them see only their own classes, env and secrets. Needs a Docker engine
 * (fails without one when CI=true, else skips).
 */
class DockerPoolTest {
    @TempDir
    Path stateDir;
    @TempDir
    Path work;
    private DockerTestEngine engine;
    private EmbeddedServer server;
    private final List<String> images = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null && server.isRunning()) {
            String controllerId = server.getApplicationContext().getBean(DockerSettings.class).controllerId();
            server.getApplicationContext().close();
            for (Container c : engine.containersOf(controllerId)) {
                engine.docker.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
        for (String image : images) {
            try {
                engine.docker.removeImageCmd(image).withForce(true).exec();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    @Test
    void twoFunctionsSpecializedFromPausedGenericContainersSeeOnlyTheirOwn() throws Exception {
        engine = DockerTestEngine.require();
        InMemoryFunctionStore.clear();
        RuntimeFixture fixture = new RuntimeFixture(stateDir);
        Map<String, Object> props = new HashMap<>();
        props.put("faas.backend", "docker");
        props.put("faas.docker.host", DockerTestEngine.HOST);
        props.put("faas.docker.network", "host");
        props.put("faas.gateway-url", "http://127.0.0.1:1");
        props.put("faas.image.target", "docker");
        props.put("faas.runtime.jar", FunctionJars.RUNTIME_JAR.toString());
        props.put("faas.pool.enabled", true);
        props.put("faas.pool.size", 2);
        props.put("faas.docker.pause-idle-pool", true); // the default keeps them running; this covers the pausing
        server = fixture.start(props);
        RuntimePool pool = server.getApplicationContext().getBean(RuntimePool.class);
        // The first refill builds the runtime image (a jlinked base: tens of seconds), then starts two containers.
        await("the pool holds two idle containers", Duration.ofSeconds(240), () -> pool.status().idle() == 2);
        Set<String> pooledIds = pool.status().instances().stream().map(PoolStatus.Member::id).collect(Collectors.toSet());
        String controllerId = server.getApplicationContext().getBean(DockerSettings.class).controllerId();
        List<Container> generic = engine.containersOf(controllerId);
        assertEquals(2, generic.size());
        generic.forEach(c -> images.add(c.getImage()));
        assertTrue(generic.stream().allMatch(c -> c.getStatus().contains("Paused")), "idle containers wait paused");
        assertTrue(pool.status().memoryBytes() > 0, pool.status().toString());

        String suffix = UUID.randomUUID().toString().substring(0, 6);
        assertEquals(201, fixture.call(server, "POST", "/system/secrets",
                "{\"name\":\"sec-a\",\"value\":\"alpha-secret\"}").statusCode());
        assertEquals(201, fixture.call(server, "POST", "/system/secrets",
                "{\"name\":\"sec-b\",\"value\":\"beta-secret\"}").statusCode());
        FunctionSpec a = withImage(PooledFunctions.build(stateDir, work, "alpha" + suffix, "aaaaaaaaaaaa",
                Map.of("MARK", "mark-a"), List.of("sec-a")));
        FunctionSpec built = PooledFunctions.build(stateDir, work, "beta" + suffix, "bbbbbbbbbbbb",
                Map.of("MARK", "mark-b"), List.of("sec-b"));
        // beta asks for less memory than the default that generic containers start with.
        FunctionSpec b = withImage(new FunctionSpec(built.service(), built.namespace(), built.image(),
                built.envProcess(), built.envVars(), built.constraints(), built.secrets(), built.labels(),
                built.annotations(), new Resources("200Mi", null), built.requests(), built.readOnlyRootFilesystem(),
                built.createdAt()));
        FunctionReconciler reconciler = server.getApplicationContext().getBean(FunctionReconciler.class);
        reconciler.deploy(a).get(60, TimeUnit.SECONDS);
        reconciler.deploy(b).get(60, TimeUnit.SECONDS);

        InstanceRegistry registry = server.getApplicationContext().getBean(InstanceRegistry.class);
        Instance alpha = registry.ready(a.key()).get(0);
        Instance beta = registry.ready(b.key()).get(0);
        assertTrue(pooledIds.containsAll(List.of(alpha.id(), beta.id())), alpha.id() + " " + beta.id() + " " + pooledIds);
        String alphaSays = fixture.get(alpha.handle().url() + "/?class=function.OnlyInBeta" + suffix).body();
        assertTrue(alphaSays.startsWith("greeting=alpha" + suffix + " mark=mark-a sec-a=alpha-secret sec-b=none loads=no"),
                alphaSays);
        assertTrue(fixture.get(alpha.handle().url() + "/?class=function.OnlyInAlpha" + suffix).body().contains("loads=yes"));
        String betaSays = fixture.get(beta.handle().url() + "/?class=function.OnlyInAlpha" + suffix).body();
        assertTrue(betaSays.startsWith("greeting=beta" + suffix + " mark=mark-b sec-a=none sec-b=beta-secret loads=no"),
                betaSays);
        assertEquals(256L << 20, memoryOf(controllerId, alpha.id()), "alpha keeps the default limit");
        assertEquals(200L << 20, memoryOf(controllerId, beta.id()), "beta's own limit is set on its container");
        await("the pool refills", Duration.ofSeconds(60), () -> pool.status().idle() == 2);

        // Their labels still say "pool" (a running container's cannot change); a restarted controller's discovery
        // must still see them as alpha's and beta's instances, to adopt them rather than stop them as leftovers.
        Map<String, InstanceHandle> found = server.getApplicationContext().getBean(DockerBackend.class).discover()
                .stream().collect(Collectors.toMap(InstanceHandle::instanceId, h -> h));
        assertEquals(a.key(), found.get(alpha.id()).function());
        assertEquals(a.image(), found.get(alpha.id()).image());
        assertEquals(b.key(), found.get(beta.id()).function());
        assertEquals(b.image(), found.get(beta.id()).image());
    }

    private long memoryOf(String controllerId, String instanceId) {
        Container container = engine.containersOf(controllerId).stream()
                .filter(c -> instanceId.equals(c.getLabels().get(ContainerLabels.INSTANCE))).findFirst().orElseThrow();
        return engine.docker.inspectContainerCmd(container.getId()).exec().getHostConfig().getMemory();
    }

    /** Builds the function's image into the engine, as a build with faas.image.target=docker does. */
    private FunctionSpec withImage(FunctionSpec spec) {
        FunctionKey key = spec.key();
        String tag = spec.image().substring(spec.image().lastIndexOf(':') + 1);
        Path artifact = stateDir.resolve("artifacts").resolve(key.namespace()).resolve(key.name()).resolve(tag);
        String reference = server.getApplicationContext().getBean(FunctionImageBuilder.class)
                .build(new FunctionImageRequest(key, tag, "java", "ab".repeat(32), artifact), line -> { }).reference();
        images.add(reference);
        assertEquals(spec.image(), reference);
        return spec;
    }
}
