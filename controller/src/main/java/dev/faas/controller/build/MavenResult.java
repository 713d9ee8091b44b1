package dev.faas.controller.build;

import java.util.List;

/** How a Maven run ended: exit code, whether it was killed for taking too long, and its {@code [ERROR]} lines. */
public record MavenResult(int exitCode, boolean timedOut, List<String> errorLines) {
    public MavenResult {
        errorLines = List.copyOf(errorLines);
    }

    /** True when Maven finished in time and reported success. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
