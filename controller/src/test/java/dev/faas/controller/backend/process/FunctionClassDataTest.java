package dev.faas.controller.backend.process;

import dev.faas.controller.testsupport.FunctionJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-function AOT caches: built by a training start of the function, used by its starts where they pay, dropped
 * where they do not, rebuilt when stale. Whether a cache pays is timing, which a test must not depend on: the tests
 * set the gain it must bring so that any cache pays (a gain of at least -100%) or none can (1000%).
 */
class FunctionClassDataTest {
    private static final String IMAGE = "faas.local/default/greeter:0123abcd";
    private static final double ANY_CACHE_PAYS = -1.0;
    private static final double NO_CACHE_PAYS = 10.0;

    @TempDir
    Path stateDir;

    private ProcessLaunchSettings settings;
    private ClassDataCache runtimeCache;

    private Path setUp() throws Exception {
        RuntimeStarts.requireJdk25();
        Path jar = Files.copy(FunctionJars.RUNTIME_JAR, Files.createDirectories(stateDir.resolve("rt"))
                .resolve("faas-runtime.jar"));
        settings = new ProcessLaunchSettings(RuntimeStarts.JDK25.toString(), jar.toString(), null, null, 0, "",
                stateDir);
        runtimeCache = new ClassDataCache(settings, true, stateDir);
        runtimeCache.flags();
        assertEquals(ClassDataCache.State.READY, runtimeCache.currentBuild().get(90, TimeUnit.SECONDS));
        return FunctionJars.artifact(stateDir.resolve("fn"), "Hi ");
    }

    private FunctionClassData functionCaches(double minGain) {
        return new FunctionClassData(settings, runtimeCache, true, minGain, stateDir);
    }

    private static Map<String, String> environment(Path artifact) {
        return Map.of("FAAS_FUNCTION_NAME", "greeter", "FAAS_FUNCTION_NAMESPACE", "default",
                "FAAS_FUNCTION_PATH", artifact.toString());
    }

    private static FunctionClassData.State built(FunctionClassData caches) throws Exception {
        return caches.build(IMAGE).get(180, TimeUnit.SECONDS);
    }

    @Test
    void aCacheThatPaysIsUsedByTheFunctionsStartsAndRebuiltWhenTheArtifactChanges() throws Exception {
        Path artifact = setUp();
        FunctionClassData caches = functionCaches(ANY_CACHE_PAYS);

        assertEquals(runtimeCache.flags(), caches.flags(IMAGE, artifact, environment(artifact)),
                "until its own cache is built, the function starts with the runtime's");
        assertEquals(FunctionClassData.State.BUILDING, caches.state(IMAGE));
        assertEquals(FunctionClassData.State.READY, built(caches));

        List<String> flags = caches.flags(IMAGE, artifact, environment(artifact));
        assertEquals(1, flags.size(), flags.toString());
        Path file = Path.of(flags.get(0).substring("-XX:AOTCache=".length()));
        assertTrue(file.startsWith(stateDir.resolve("class-data/functions")) && Files.size(file) > 0, file.toString());
        assertFalse(flags.equals(runtimeCache.flags()), "its own cache, not the runtime's");
        assertTrue(RuntimeStarts.startsAndAnswers(settings, flags, environment(artifact), "Opened AOT cache", stateDir),
                "the function starts with its cache mapped and answers");
        String decision = Files.readString(file.resolveSibling(file.getFileName() + ".key"));
        assertTrue(decision.contains("pays true with "), decision);

        // A new build of the function's jar: the old cache no longer matches; it is rebuilt, starts go on meanwhile.
        Path jar = artifact.resolve("function.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 3_600_000));
        FunctionClassData restarted = functionCaches(ANY_CACHE_PAYS);
        assertEquals(runtimeCache.flags(), restarted.flags(IMAGE, artifact, environment(artifact)),
                "a stale cache is not used");
        assertEquals(FunctionClassData.State.BUILDING, restarted.state(IMAGE), "a stale cache is rebuilt");
        assertEquals(FunctionClassData.State.READY, built(restarted));
        assertEquals(flags, restarted.flags(IMAGE, artifact, environment(artifact)));
    }

    @Test
    void aCacheThatDoesNotPayIsDroppedAndTheDecisionIsKept() throws Exception {
        Path artifact = setUp();
        FunctionClassData caches = functionCaches(NO_CACHE_PAYS);
        caches.flags(IMAGE, artifact, environment(artifact));

        assertEquals(FunctionClassData.State.NOT_PAYING, built(caches));
        assertEquals(runtimeCache.flags(), caches.flags(IMAGE, artifact, environment(artifact)),
                "the function keeps the runtime's cache");
        try (var files = Files.list(stateDir.resolve("class-data/functions"))) {
            List<Path> left = files.toList();
            assertTrue(left.stream().noneMatch(p -> p.toString().endsWith(".aot")), "no cache left: " + left);
            assertTrue(left.stream().anyMatch(p -> p.toString().endsWith(".aot.key")), "the decision is kept: " + left);
        }

        // A restarted controller reads the decision: no second training for the same version.
        FunctionClassData restarted = functionCaches(NO_CACHE_PAYS);
        assertEquals(runtimeCache.flags(), restarted.flags(IMAGE, artifact, environment(artifact)));
        assertEquals(FunctionClassData.State.NOT_PAYING, restarted.state(IMAGE));
    }

    @Test
    void aFunctionWhoseInitFailsGetsNoCacheAndItsStartsKeepTheRuntimesCache() throws Exception {
        Path good = setUp();
        Path failing = FunctionJars.artifact(stateDir.resolve("bad"), Map.of("function.Handler", """
                package function;

                import dev.faas.function.Context;
                import dev.faas.function.Request;
                import dev.faas.function.Response;

                public class Handler implements dev.faas.function.Handler {
                    @Override
                    public void init(Context context) {
                        throw new IllegalStateException("no database");
                    }

                    @Override
                    public Response handle(Request request, Context context) {
                        return Response.ok("never");
                    }
                }
                """), "function.Handler", Files.createDirectories(stateDir.resolve("bad/artifact")));
        FunctionClassData caches = functionCaches(ANY_CACHE_PAYS);
        caches.flags(IMAGE, failing, environment(failing));

        assertEquals(FunctionClassData.State.FAILED, built(caches));
        assertEquals(runtimeCache.flags(), caches.flags(IMAGE, failing, environment(failing)));
        assertNull(caches.state("faas.local/default/other:1"), "nothing is built for versions never started");
        assertTrue(Files.isDirectory(good), "the other artifact is untouched");
    }
}
