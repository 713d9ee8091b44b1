package dev.faas.controller.backend.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JVM runs class-data caches are made and checked with: waiting for a run's health, ending it, a check run. */
final class ClassDataRuns {
    /** How long a training run may take to answer health, and then to exit and write its cache. */
    static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(60);

    /** The client the runs are called with: health, and the runtime cache's training calls. */
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ClassDataRuns() {
    }

    /**
     * Waits until the runtime run by {@code process} answers health 200 at {@code base}; fails once it has ended or
     * reports that its function failed to load.
     */
    static void awaitHealth(Process process, URI base, Path log, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> health = null;
            IOException unanswered = null;
            try {
                health = HTTP.send(HttpRequest.newBuilder(base.resolve("/_/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                unanswered = e; // not listening yet, or gone: told apart below
            }
            if (health != null && health.statusCode() == 200) {
                return;
            }
            if (health != null && health.body().contains("\"status\":\"failed\"")) {
                throw new IOException("the function failed to load: " + health.body());
            }
            if (!process.isAlive()) {
                throw new IOException("the run ended with code " + process.exitValue() + ": " + lastLines(log),
                        unanswered);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the run never answered health 200 on " + base + " within "
                        + timeout.toSeconds() + " s: " + lastLines(log), unanswered);
            }
            Thread.sleep(5);
        }
    }

    /** Ends a training run with SIGTERM (the JVM writes its cache as it exits) and checks that it wrote {@code cache}. */
    static void stopAndExpectCache(Process process, Path cache, Path log) throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the training run did not end within " + TRAINING_TIMEOUT.toSeconds() + " s");
        }
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            throw new IOException("the training run wrote no cache (see " + log + ")");
        }
    }

    /**
     * A check run of the JVM with the cache made mandatory ({@code -XX:AOTMode=on} / {@code -Xshare:on}): an unusable
     * cache fails it instead of being ignored.
     */
    static boolean check(ProcessLaunchSettings settings, List<String> useFlags, boolean aot) {
        List<String> cmd = new ArrayList<>();
        cmd.add(settings.javaExecutable());
        cmd.addAll(ProcessLaunchSettings.BASE_JVM_FLAGS);
        cmd.addAll(useFlags);
        cmd.add(aot ? "-XX:AOTMode=on" : "-Xshare:on");
        cmd.addAll(List.of("-cp", settings.runtimeJar(), "-version"));
        try {
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of a run's log, for an error message. */
    static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
