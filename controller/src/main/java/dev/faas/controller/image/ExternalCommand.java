package dev.faas.controller.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a tool of the base-runtime build (jlink, ldd, java) and returns its output; failure → {@link ImageBuildException}. */
final class ExternalCommand {
    private ExternalCommand() {
    }

    /** Runs {@code command} with stderr merged into stdout; a non-zero exit or a timeout fails with the output. */
    static String run(List<String> command, Map<String, String> env, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Path output = Files.createTempFile("faas-tool", ".out");
            try {
                Process process = builder.redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new ImageBuildException("'" + String.join(" ", command) + "' did not finish within " + timeout);
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new ImageBuildException("'" + String.join(" ", command) + "' failed (exit "
                            + process.exitValue() + "): " + text.strip());
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new ImageBuildException("cannot run '" + command.get(0) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("interrupted while running '" + command.get(0) + "'", e);
        }
    }
}
