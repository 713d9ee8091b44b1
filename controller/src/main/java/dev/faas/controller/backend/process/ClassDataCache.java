package dev.faas.controller.backend.process;

import dev.faas.controller.backend.LoopbackPorts;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A class-data cache of runtime-java for the process backend: JDK 25's AOT cache ({@code -XX:AOTCache}) or, on
 * JDK 13–24, a dynamic AppCDS archive ({@code -XX:SharedArchiveFile}). Built once per JDK build and runtime jar by a
 * training run of the runtime itself (generic start, a health check, a failing specialization, SIGTERM: the JVM
 * writes the cache at exit), under {@code <state>/class-data/}. Until it is built and checked, instances start
 * without it.
 *
 * <p>The JVM silently ignores a cache that no longer matches its JDK or class path. So a fingerprint (JDK build,
 * runtime jar path, size and mtime, JVM flags) is kept beside it: a cache whose fingerprint differs is stale —
 * logged, deleted and rebuilt; and a cache is only used after a check run with {@code -XX:AOTMode=on} /
 * {@code -Xshare:on}, where an unusable one fails loudly instead of being ignored.
 */
@Singleton
public class ClassDataCache {
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataCache.class);

    /** Where the cache is in its life. */
    public enum State { DISABLED, MISSING, BUILDING, READY, FAILED }

    private final ProcessLaunchSettings settings;
    private final boolean enabled;
    private final Path dir;
    /** The training run under way, if any: it must not outlive the controller. */
    private volatile Process training;
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "faas-class-data");
        t.setDaemon(true);
        return t;
    });
    private State state;
    private String readyFingerprint;
    private String failedFingerprint;
    private CompletableFuture<State> build = CompletableFuture.completedFuture(State.MISSING);

    public ClassDataCache(ProcessLaunchSettings settings,
                          @Value("${faas.runtime.class-data-cache:true}") boolean enabled,
                          @Value("${faas.state-dir}") Path stateDir) {
        this.settings = settings;
        this.enabled = enabled;
        this.dir = stateDir.resolve("class-data");
        this.state = enabled ? State.MISSING : State.DISABLED;
    }

    /**
     * The JVM flags that make an instance use the cache, or none while there is no usable one (then a build is
     * started in the background, unless one for this fingerprint failed already).
     */
    public synchronized List<String> flags() {
        Target target = target();
        if (target == null) {
            return List.of();
        }
        if (state == State.READY && target.fingerprint.equals(readyFingerprint)) {
            return target.useFlags();
        }
        if (state == State.BUILDING || target.fingerprint.equals(failedFingerprint)) {
            return List.of();
        }
        if (Files.isRegularFile(target.file) && target.fingerprint.equals(storedFingerprint(target))) {
            if (check(target)) {
                state = State.READY;
                readyFingerprint = target.fingerprint;
                LOG.info("instances start with the class-data cache {}", target.file);
                return target.useFlags();
            }
            LOG.warn("the class-data cache {} cannot be used by {} (its check run failed); rebuilding it, instances"
                    + " start without it meanwhile", target.file, target.jdk.build());
        } else if (Files.exists(target.keyFile)) {
            LOG.warn("the class-data cache {} is stale: it was built for {}, instances now run {} with {}; rebuilding"
                    + " it, instances start without it meanwhile", target.file, storedFingerprint(target),
                    target.jdk.build(), settings.runtimeJar());
        }
        startBuild(target);
        return List.of();
    }

    /** Where the cache is now. */
    public synchronized State state() {
        return state;
    }

    /** Completes with the state the current build (if any) ends in; for tests and benchmarks. */
    public synchronized CompletableFuture<State> currentBuild() {
        return build;
    }

    /** The cache file for the configured JDK, or null when this JDK or launch mode has none. */
    public synchronized Path file() {
        Target target = target();
        return target == null ? null : target.file;
    }

    private void startBuild(Target target) {
        state = State.BUILDING;
        build = CompletableFuture.supplyAsync(() -> {
            boolean built = train(target);
            synchronized (this) {
                if (built) {
                    state = State.READY;
                    readyFingerprint = target.fingerprint;
                    LOG.info("built the class-data cache {} for {}", target.file, target.jdk.build());
                } else {
                    state = State.FAILED;
                    failedFingerprint = target.fingerprint;
                }
                return state;
            }
        }, builder);
    }

    /** The cache this configuration would use: null when disabled, not run from a jar, or the JDK has none. */
    private Target target() {
        String jar = settings.runtimeJar();
        if (!enabled || jar == null || !Files.isRegularFile(Path.of(jar))) {
            return null;
        }
        JdkRelease jdk = JdkRelease.of(settings.javaExecutable());
        if (!jdk.hasDynamicAppCds()) {
            return null;
        }
        String kind = jdk.hasAotCache() ? "aot" : "jsa";
        return new Target(jdk, dir.resolve("runtime-java." + kind), dir.resolve("runtime-java." + kind + ".key"),
                fingerprint(jdk, Path.of(jar)));
    }

    /** What a cache of this runtime jar depends on: JDK build, jar path, size and mtime, JVM flags. */
    static String fingerprint(JdkRelease jdk, Path jar) {
        try {
            Path real = jar.toRealPath();
            return "jdk " + jdk.build() + "; jar " + real + " size " + Files.size(real) + " mtime "
                    + Files.getLastModifiedTime(real).toMillis() + "; flags "
                    + String.join(" ", ProcessLaunchSettings.BASE_JVM_FLAGS);
        } catch (IOException e) {
            return "unreadable " + jar + ": " + e.getMessage();
        }
    }

    private static String storedFingerprint(Target target) {
        try {
            return Files.readString(target.keyFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private boolean check(Target target) {
        return ClassDataRuns.check(settings, target.useFlags(), target.jdk.hasAotCache());
    }

    /** The training run; true when it left a cache that passes the check. */
    private boolean train(Target target) {
        Path tmp = target.file.resolveSibling(target.file.getFileName() + ".building");
        Path log = dir.resolve("training.log");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(target.file);
            Files.deleteIfExists(target.keyFile);
            Files.deleteIfExists(tmp);
            Path emptyFunction = Files.createDirectories(dir.resolve("training-function"));
            String flag = target.jdk.hasAotCache() ? "-XX:AOTCacheOutput=" + tmp : "-XX:ArchiveClassesAtExit=" + tmp;
            ProcessBuilder pb = new ProcessBuilder(settings.command(List.of(flag)));
            int port = LoopbackPorts.free();
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            pb.environment().clear();
            pb.environment().put("PORT", Integer.toString(port));
            pb.environment().put("FAAS_DRAIN_SECONDS", "0");
            pb.environment().put("FAAS_SPECIALIZE_TOKEN", token);
            pb.redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile());
            Process process = pb.start();
            training = process;
            try {
                exercise(process, URI.create("http://127.0.0.1:" + port), token, emptyFunction, log);
                ClassDataRuns.stopAndExpectCache(process, tmp, log);
            } finally {
                process.destroyForcibly(); // a no-op once it has exited; a run that failed must not outlive this
                training = null;
            }
            Files.move(tmp, target.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (!check(target)) {
                Files.deleteIfExists(target.file);
                throw new IOException("the JVM refuses the cache it has just written (see " + log + ")");
            }
            Files.writeString(target.keyFile, target.fingerprint, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            LOG.warn("could not build the class-data cache {}: {}; instances start without it", target.file,
                    e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * What an instance does in its first moments: answer health, load (and fail) a function, answer a call. (A call
     * before the specialization would wait for one: a generic runtime holds calls until it has its function.)
     */
    private static void exercise(Process process, URI base, String token, Path emptyFunction, Path log)
            throws IOException, InterruptedException {
        ClassDataRuns.awaitHealth(process, base, log, ClassDataRuns.TRAINING_TIMEOUT);
        String body = "{\"env\":{\"FAAS_FUNCTION_NAME\":\"training\",\"FAAS_FUNCTION_PATH\":\""
                + emptyFunction.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}";
        ClassDataRuns.HTTP.send(HttpRequest.newBuilder(base.resolve("/_/specialize"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        ClassDataRuns.HTTP.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @PreDestroy
    void close() {
        Process running = training;
        if (running != null) {
            running.destroyForcibly();
        }
        builder.shutdownNow();
    }

    /** One JDK's cache: its file, its fingerprint file, and the fingerprint it must have. */
    private record Target(JdkRelease jdk, Path file, Path keyFile, String fingerprint) {
        List<String> useFlags() {
            return List.of(jdk.hasAotCache() ? "-XX:AOTCache=" + file : "-XX:SharedArchiveFile=" + file);
        }
    }
}
