package dev.faas.controller.backend.process;

import dev.faas.controller.backend.LoopbackPorts;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Per-function AOT caches (JDK 25) for fresh process starts. The runtime's own cache ({@link ClassDataCache}) knows
 * nothing of a function: a training start of the function itself (loaded and initialised until it answers health;
 * it gets no call) also records the classes its init loads, from its libraries and from the JDK modules it uses.
 *
 * <p>Built in the background when a function version is first started, which its deploy does at once; starts use the
 * runtime's cache meanwhile. Kept only where it pays: a few timed starts with it, alternating with starts on the
 * runtime's cache, decide (it must save {@code faas.runtime.function-class-data-min-gain} of their median), and the
 * decision is stored beside it. A fingerprint (the runtime cache's plus the artifact's files) makes a stale cache
 * rebuilt, and a stored cache is used only after a check run, as for the runtime's.
 */
@Singleton
public class FunctionClassData {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionClassData.class);
    /** Timed starts per side when deciding whether a cache pays. */
    private static final int PAY_CHECK_STARTS = 3;

    /** Where one function version's cache is. */
    public enum State { BUILDING, READY, NOT_PAYING, FAILED }

    private final ProcessLaunchSettings settings;
    private final ClassDataCache runtimeCache;
    private final boolean enabled;
    private final double minGain;
    private final Path dir;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Training and timing runs under way: they must not outlive the controller. */
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "faas-function-class-data");
        t.setDaemon(true);
        return t;
    });

    public FunctionClassData(ProcessLaunchSettings settings, ClassDataCache runtimeCache,
                             @Value("${faas.runtime.function-class-data:true}") boolean enabled,
                             @Value("${faas.runtime.function-class-data-min-gain:0.05}") double minGain,
                             @Value("${faas.state-dir}") Path stateDir) {
        this.settings = settings;
        this.runtimeCache = runtimeCache;
        this.enabled = enabled;
        this.minGain = minGain;
        this.dir = stateDir.resolve("class-data").resolve("functions");
    }

    /**
     * The JVM flags a fresh instance of {@code image} (its artifact in {@code artifactDir}) starts with: its own cache
     * where it is ready and pays, else the runtime's. The first call for a version starts its cache's build, whose
     * training start gets {@code environment} (the instance's, without its port).
     */
    public List<String> flags(String image, Path artifactDir, Map<String, String> environment) {
        List<String> runtimeFlags = runtimeCache.flags();
        Target target = target(image, artifactDir);
        if (target == null) {
            return runtimeFlags;
        }
        Entry entry = entries.compute(image, (key, known) -> known != null
                && known.fingerprint.equals(target.fingerprint) ? known : open(target, environment));
        return entry.state() == State.READY ? target.useFlags() : runtimeFlags;
    }

    /** Where the version's cache is, or null when this controller has not started one of it yet. */
    public State state(String image) {
        Entry entry = entries.get(image);
        return entry == null ? null : entry.state();
    }

    /** Completes with the state the version's current build (if any) ends in; for tests and benchmarks. */
    public CompletableFuture<State> build(String image) {
        Entry entry = entries.get(image);
        return entry == null ? CompletableFuture.completedFuture(null) : entry.build;
    }

    /** What is stored for a version seen for the first time: a usable cache, a decision that it does not pay, or a build. */
    private Entry open(Target target, Map<String, String> environment) {
        Decision stored = Decision.read(target.keyFile);
        if (stored != null && stored.fingerprint().equals(target.fingerprint)) {
            if (!stored.pays()) {
                return Entry.done(target, State.NOT_PAYING);
            }
            if (Files.isRegularFile(target.file)
                    && ClassDataRuns.check(settings, target.useFlags(), true)) {
                LOG.info("instances of {} start with their own AOT cache {}", target.image, target.file);
                return Entry.done(target, State.READY);
            }
            LOG.warn("the AOT cache {} of {} cannot be used (its check run failed); rebuilding it, instances start"
                    + " with the runtime's cache meanwhile", target.file, target.image);
        } else if (stored != null) {
            LOG.warn("the AOT cache {} of {} is stale: built for {}, now {}; rebuilding it, instances start with the"
                    + " runtime's cache meanwhile", target.file, target.image, stored.fingerprint(), target.fingerprint);
        }
        Entry building = new Entry(target.fingerprint, new CompletableFuture<>());
        Map<String, String> trainingEnvironment = Map.copyOf(environment);
        building.build.completeAsync(() -> build(target, trainingEnvironment), builder);
        building.build.thenAccept(state -> entries.computeIfPresent(target.image,
                (key, entry) -> entry == building ? Entry.done(target, state) : entry));
        return building;
    }

    private State build(Target target, Map<String, String> environment) {
        try {
            // Compared with what starts would use otherwise: the runtime's cache, once its own build is through.
            runtimeCache.currentBuild().get(2 * ClassDataRuns.TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<String> runtimeFlags = runtimeCache.flags();
            train(target, environment);
            long[] medians = medianStartMs(target.useFlags(), runtimeFlags, environment);
            long with = medians[0];
            long without = medians[1];
            boolean pays = with <= without * (1 - minGain);
            Files.writeString(target.keyFile, new Decision(target.fingerprint, pays, with, without).text(),
                    StandardCharsets.UTF_8);
            if (pays) {
                LOG.info("built the AOT cache {} of {}: starts take {} ms with it, {} ms with the runtime's cache",
                        target.file, target.image, with, without);
                return State.READY;
            }
            Files.deleteIfExists(target.file);
            LOG.info("the AOT cache of {} does not pay (starts take {} ms with it, {} ms with the runtime's cache):"
                    + " its instances keep the runtime's cache", target.image, with, without);
            return State.NOT_PAYING;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("could not build the AOT cache {} of {}: {}; its instances start with the runtime's cache",
                    target.file, target.image, e.getMessage());
            return State.FAILED;
        }
    }

    /** The training start: the function loaded and initialised until it answers health, then SIGTERM. */
    private void train(Target target, Map<String, String> environment) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path tmp = target.file.resolveSibling(target.file.getFileName() + ".building");
        Path log = target.file.resolveSibling(target.file.getFileName() + ".training.log");
        Files.deleteIfExists(target.file);
        Files.deleteIfExists(target.keyFile);
        Files.deleteIfExists(tmp);
        Run training = start(List.of("-XX:AOTCacheOutput=" + tmp), environment, log);
        try {
            ClassDataRuns.awaitHealth(training.process, training.base, log, ClassDataRuns.TRAINING_TIMEOUT);
            ClassDataRuns.stopAndExpectCache(training.process, tmp, log);
        } finally {
            stop(training);
        }
        Files.move(tmp, target.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (!ClassDataRuns.check(settings, target.useFlags(), true)) {
            Files.deleteIfExists(target.file);
            throw new IOException("the JVM refuses the cache it has just written (see " + log + ")");
        }
    }

    /**
     * Median times from launch to health 200 of starts with each set of flags, taken in turns so that a noisy moment
     * weighs on both alike.
     */
    private long[] medianStartMs(List<String> with, List<String> without, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<Long> withTimes = new ArrayList<>();
        List<Long> withoutTimes = new ArrayList<>();
        Path log = Files.createTempFile(dir, "timed-start", ".log");
        try {
            for (int i = 0; i < PAY_CHECK_STARTS; i++) {
                withTimes.add(startMs(with, environment, log));
                withoutTimes.add(startMs(without, environment, log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
        return new long[] {median(withTimes), median(withoutTimes)};
    }

    private long startMs(List<String> flags, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Run run = start(flags, environment, log);
        try {
            ClassDataRuns.awaitHealth(run.process, run.base, log, ClassDataRuns.TRAINING_TIMEOUT);
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } finally {
            stop(run);
        }
    }

    private static long median(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(Long::compare);
        return sorted.get(sorted.size() / 2);
    }

    private Run start(List<String> flags, Map<String, String> environment, Path log) throws IOException {
        int port = LoopbackPorts.free();
        ProcessBuilder pb = new ProcessBuilder(settings.command(flags));
        pb.environment().clear();
        pb.environment().putAll(environment);
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("FAAS_DRAIN_SECONDS", "0");
        pb.redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile());
        Process process = pb.start();
        running.add(process);
        return new Run(process, URI.create("http://127.0.0.1:" + port));
    }

    private void stop(Run run) throws InterruptedException {
        run.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        running.remove(run.process);
    }

    /** A runtime JVM started by this class and where it answers. */
    private record Run(Process process, URI base) {
    }

    /** The version's cache files and fingerprint, or null where there is none: disabled, or a JDK without AOT caches. */
    private Target target(String image, Path artifactDir) {
        String jar = settings.runtimeJar();
        if (!enabled || jar == null || !Files.isRegularFile(Path.of(jar))) {
            return null;
        }
        JdkRelease jdk = JdkRelease.of(settings.javaExecutable());
        if (!jdk.hasAotCache()) {
            return null;
        }
        String name = image.replaceAll("[^A-Za-z0-9._-]", "_");
        return new Target(image, dir.resolve(name + ".aot"), dir.resolve(name + ".aot.key"),
                ClassDataCache.fingerprint(jdk, Path.of(jar)) + "; artifact " + artifactFingerprint(artifactDir));
    }

    /** The artifact's files with their sizes and mtimes: a changed library makes the cache stale. */
    private static String artifactFingerprint(Path artifactDir) {
        try (Stream<Path> files = Files.walk(artifactDir)) {
            List<String> parts = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                parts.add(artifactDir.relativize(file) + " " + Files.size(file) + " "
                        + Files.getLastModifiedTime(file).toMillis());
            }
            return artifactDir.toRealPath() + " [" + String.join(", ", parts) + "]";
        } catch (IOException e) {
            return "unreadable " + artifactDir + ": " + e.getMessage();
        }
    }

    @PreDestroy
    void close() {
        running.forEach(Process::destroyForcibly);
        builder.shutdownNow();
    }

    /** One function version's cache: its image, file, decision file and the fingerprint it must have. */
    private record Target(String image, Path file, Path keyFile, String fingerprint) {
        List<String> useFlags() {
            return List.of("-XX:AOTCache=" + file);
        }
    }

    /** What this controller knows of a version's cache; {@code build} completes when it is through. */
    private record Entry(String fingerprint, CompletableFuture<State> build, State settled) {
        Entry(String fingerprint, CompletableFuture<State> build) {
            this(fingerprint, build, null);
        }

        static Entry done(Target target, State state) {
            return new Entry(target.fingerprint, CompletableFuture.completedFuture(state), state);
        }

        State state() {
            return settled != null ? settled : State.BUILDING;
        }
    }

    /** The stored outcome of a build: the fingerprint it was for and whether the cache paid, with the figures. */
    record Decision(String fingerprint, boolean pays, long withMs, long withoutMs) {
        String text() {
            return fingerprint + "\npays " + pays + " with " + withMs + " ms without " + withoutMs + " ms\n";
        }

        static Decision read(Path keyFile) {
            try {
                List<String> lines = Files.readAllLines(keyFile, StandardCharsets.UTF_8);
                if (lines.size() < 2) {
                    return null;
                }
                String[] words = lines.get(1).split(" ");
                return new Decision(lines.get(0), Boolean.parseBoolean(words[1]), Long.parseLong(words[3]),
                        Long.parseLong(words[6]));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}
