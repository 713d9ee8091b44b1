package dev.faas.controller.backend.process;

import dev.faas.controller.backend.LoopbackPorts;
import dev.faas.controller.testsupport.FunctionJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The runtime's class-data cache: built by a training run, used by starts, stale or broken ones detected. */
class ClassDataCacheTest {
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
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

    /** Temurin 25 is part of this project's machines: skipped without it on a laptop, a failure under CI. */
    private static void requireJdk25() {
        boolean installed = Files.isExecutable(JDK25);
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("Temurin 25 is not installed at " + JDK25 + " and CI=true: the JDK 25 cache must be tested");
        }
        assumeTrue(installed, "Temurin 25 is not installed at " + JDK25);
    }

    private static ClassDataCache.State built(ClassDataCache cache) throws Exception {
        return cache.currentBuild().get(90, TimeUnit.SECONDS);
    }

    @Test
    void jdk25BuildsAnAotCacheThatStartsUseAndRebuildsAStaleOne() throws Exception {
        requireJdk25();
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
        requireJdk25();
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
        List<String> extra = new ArrayList<>(flags);
        if (expect != null) {
            extra.add("-Xlog:aot");
        }
        ProcessLaunchSettings settings = new ProcessLaunchSettings(java, jar.toString(), null, null, 0, "", stateDir);
        int port = LoopbackPorts.free();
        Path log = Files.createTempFile(stateDir, "start", ".log");
        ProcessBuilder pb = new ProcessBuilder(settings.command(extra)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("FAAS_SPECIALIZE_TOKEN", "t");
        Process process = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/_/health")).build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        return expect == null || Files.readString(log).contains(expect);
                    }
                } catch (IOException e) {
                    Thread.sleep(20);
                }
            }
            return false;
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
