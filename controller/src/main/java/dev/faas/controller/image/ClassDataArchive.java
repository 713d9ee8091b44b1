package dev.faas.controller.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Bakes a class-data (CDS) archive of the JDK classes runtime-java loads into a jlinked runtime: a training run of
 * {@code faas-runtime.jar} records the loaded classes, then {@code -Xshare:dump} replaces the runtime's default
 * {@code lib/server/classes.jsa}. Being the default archive, it needs no class path to match at run time; the
 * runtime's own classes are skipped by the dump (they are not on its class path). Measured on JDK 17 here:
 * start to first 200 of runtime-java, median 511 ms with it against 691 ms without (see bench/RESULTS.md).
 */
final class ClassDataArchive {
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(60);

    private ClassDataArchive() {
    }

    /** Trains on {@code runtimeJar} and writes {@code javaHome/lib/server/classes.jsa}. */
    static void bake(Path javaHome, Path runtimeJar, Path workDir) {
        Path classList = workDir.resolve("classes.lst");
        train(javaHome, runtimeJar, classList, workDir);
        Path archive = javaHome.resolve("lib/server/classes.jsa");
        ExternalCommand.run(List.of(javaHome.resolve("bin/java").toString(), "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + archive), Map.of(),
                Duration.ofMinutes(2));
        if (!Files.isRegularFile(archive)) {
            throw new ImageBuildException("-Xshare:dump wrote no " + archive);
        }
    }

    private static void train(Path javaHome, Path runtimeJar, Path classList, Path workDir) {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-Xshare:off",
                "-XX:DumpLoadedClassList=" + classList, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", runtimeJar.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("training.log").toFile());
        // No function: the runtime still starts its server, answers health and refuses calls, which loads
        // the classes of every cold start up to the handler's own.
        builder.environment().putAll(Map.of("PORT", Integer.toString(port), "FAAS_FUNCTION_NAME", "training",
                "FAAS_FUNCTION_PATH", workDir.toString(), "FAAS_DRAIN_SECONDS", "0"));
        try {
            Process process = builder.start();
            try {
                URI base = URI.create("http://127.0.0.1:" + port);
                awaitAnswer(base.resolve("/_/health"), process);
                answerOf(base.resolve("/"));
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            throw new ImageBuildException("cannot run the class-data training run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("interrupted during the class-data training run", e);
        }
        if (!Files.isRegularFile(classList)) {
            throw new ImageBuildException("the class-data training run wrote no class list; see " + workDir.resolve("training.log"));
        }
    }

    private static void awaitAnswer(URI health, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TRAINING_TIMEOUT.toNanos();
        while (answerOf(health) < 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new ImageBuildException("the class-data training run of faas-runtime.jar did not answer "
                        + health + (process.isAlive() ? " within " + TRAINING_TIMEOUT : " (it exited)"));
            }
            Thread.sleep(20);
        }
    }

    /** The HTTP status, or -1 when nothing answers yet. */
    private static int answerOf(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
