package dev.faas.controller.build;

import jakarta.inject.Singleton;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/** Runs {@code mvn -B package} in a project directory, streaming its output into a {@link BuildLog}. */
@Singleton
public class MavenRunner {
    private static final int MAX_ERROR_LINES = 200;
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private final BuildSettings settings;

    public MavenRunner(BuildSettings settings) {
        this.settings = settings;
    }

    /** Blocks until Maven ends or the time limit kills it. */
    public MavenResult run(Path project, BuildLog log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(settings.maven());
        command.add("-B");
        command.add("-Dstyle.color=never");
        command.addAll(settings.extraArgs());
        command.add("package");
        log.append("$ " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        // Function builds are short: a JVM that skips the optimising compiler finishes them sooner.
        builder.environment().putIfAbsent("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        Process process = builder.start();
        process.getOutputStream().close();

        AtomicBoolean timedOut = new AtomicBoolean();
        // Reading blocks until Maven closes its output, so the time limit is enforced from another thread.
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
            if (process.isAlive()) {
                timedOut.set(true);
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }, CompletableFuture.delayedExecutor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS));

        List<String> errors = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String raw; (raw = out.readLine()) != null; ) {
                // Some mvn launchers print colour codes even in batch mode; the log is plain text.
                String line = ANSI_ESCAPE.matcher(raw).replaceAll("");
                log.append(line);
                if (line.startsWith("[ERROR]") && errors.size() < MAX_ERROR_LINES) {
                    errors.add(line);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        } finally {
            watchdog.cancel(false);
        }
        int exit = process.waitFor();
        return new MavenResult(exit, timedOut.get(), errors);
    }
}
