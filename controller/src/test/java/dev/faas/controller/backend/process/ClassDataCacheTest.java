package dev.faas.controller.backend.process;

import dev.faas.controller.testsupport.FunctionJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The runtime's class-data cache: built by a training run, used by starts, stale or broken ones detected. */
class ClassDataCacheTest {
    private static final Path JDK25 = RuntimeStarts.JDK25;
    private static final String THIS_JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path stateDir;

    private Path runtimeJar() throws IOException {
        return Files.copy(FunctionJars.RUNTIME_JAR, Files.createDirectories(stateDir.resolve("rt")).resolve("faas-runtime.jar"));
    }

    private ClassDataCache cache(String java, Path jar) {
        return new ClassDataCache(new ProcessLaunchSettings(java, jar.toString(), null, null, 0, "", stateDir), true,
                stateDir);
    }

    private static ClassDataCache.State built(ClassDataCache cache) throws Exception {
        return cache.currentBuild().get(90, TimeUnit.SECONDS);
    }

    @Test
    void jdk25BuildsAnAotCacheThatStartsUseAndRebuildsAStaleOne() throws Exception {
        RuntimeStarts.requireJdk25();
        Path jar = runtimeJar();
        ClassDataCache cache = cache(JDK25.toString(), jar);

        assertEquals(List.of(), cache.flags(), "no cache yet: instances start without one");
        assertEquals(ClassDataCache.State.BUILDING, cache.state());
        assertEquals(ClassDataCache.State.READY, built(cache));
        Path file = cache.file();
        assertTrue(file.toString().endsWith(".aot") && Files.size(file) > 0, file.toString());
        assertEquals(List.of("-XX:AOTCache=" + file), cache.flags());
        assertTrue(startsAndAnswers(JDK25.toString(), jar, cache.flags(), "Opened AOT cache"),
                "an instance maps the cache and answers");

        // The jar changes (a new runtime build): the JVM would ignore the old cache silently; we notice it.
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 3_600_000));
        ClassDataCache restarted = cache(JDK25.toString(), jar);
        assertEquals(List.of(), restarted.flags(), "a stale cache is not used");
        assertEquals(ClassDataCache.State.BUILDING, restarted.state(), "a stale cache is rebuilt");
        assertTrue(startsAndAnswers(JDK25.toString(), jar, restarted.flags(), null), "starts go on without it");
        assertEquals(ClassDataCache.State.READY, built(restarted));
        assertTrue(Files.readString(file.resolveSibling(file.getFileName() + ".key"))
                .contains("mtime " + Files.getLastModifiedTime(jar).toMillis()));
        assertEquals(List.of("-XX:AOTCache=" + file), restarted.flags());
    }

    @Test
    void aCacheTheJvmCannotUseIsDetectedByItsCheckRunAndRebuilt() throws Exception {
        RuntimeStarts.requireJdk25();
        Path jar = runtimeJar();
        ClassDataCache cache = cache(JDK25.toString(), jar);
        cache.flags();
        assertEquals(ClassDataCache.State.READY, built(cache));
        Files.writeString(cache.file(), "not an AOT cache any more"); // same fingerprint, broken content

        ClassDataCache restarted = cache(JDK25.toString(), jar);
        assertEquals(List.of(), restarted.flags(), "a cache that fails its check run is not used");
        assertTrue(startsAndAnswers(JDK25.toString(), jar, restarted.flags(), null));
        assertEquals(ClassDataCache.State.READY, built(restarted));
        assertTrue(Files.size(restarted.file()) > 1000);
        assertTrue(startsAndAnswers(JDK25.toString(), jar, restarted.flags(), "Opened AOT cache"));
    }

    @Test
    void jdk17GetsADynamicAppCdsArchive() throws Exception {
        assumeTrue(JdkRelease.of(THIS_JAVA).feature() < 25, "the test JVM is not a pre-25 JDK");
        Path jar = runtimeJar();
        ClassDataCache cache = cache(THIS_JAVA, jar);
        cache.flags();
        assertEquals(ClassDataCache.State.READY, built(cache));
        assertTrue(cache.file().toString().endsWith(".jsa"));
        assertEquals(List.of("-XX:SharedArchiveFile=" + cache.file()), cache.flags());
        assertTrue(startsAndAnswers(THIS_JAVA, jar, cache.flags(), null));
    }

    /** Starts runtime-java generic with these flags; true once it answers health 200 (and its log has {@code expect}). */
    private boolean startsAndAnswers(String java, Path jar, List<String> flags, String expect) throws Exception {
        return RuntimeStarts.startsAndAnswers(new ProcessLaunchSettings(java, jar.toString(), null, null, 0, "", stateDir),
                flags, Map.of(), expect, stateDir);
    }
}
