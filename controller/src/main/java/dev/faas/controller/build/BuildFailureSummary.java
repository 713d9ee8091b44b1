package dev.faas.controller.build;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Turns Maven's {@code [ERROR]} lines into a short message a person can act on: compiler errors first. */
public final class BuildFailureSummary {
    private static final int MAX_LINES = 10;
    private static final int MAX_CHARS = 2000;
    // Maven's closing advice, not a reason.
    private static final List<String> NOISE = List.of("-> [Help", "To see the full stack trace",
            "Re-run Maven using", "For more information about the errors", "[Help 1]", "After correcting the problems",
            "mvn <args> -rf", "COMPILATION ERROR");

    private BuildFailureSummary() {
    }

    /** The message for a failed run; paths inside the project are shown relative to it ({@code /src/main/...}). */
    public static String of(MavenResult result, Path project, String timeoutText) {
        if (result.timedOut()) {
            return "the build took longer than " + timeoutText + " and was stopped (faas.build.timeout)";
        }
        String prefix = project.toAbsolutePath().normalize().toString();
        List<String> lines = result.errorLines().stream()
                .map(line -> line.substring("[ERROR]".length()).trim())
                .filter(line -> !line.isEmpty() && NOISE.stream().noneMatch(line::contains))
                .map(line -> line.replace(prefix, ""))
                .distinct()
                .toList();
        List<String> compiler = lines.stream().filter(l -> l.contains(".java:[") || l.startsWith("symbol:")
                || l.startsWith("location:")).toList();
        String summary;
        if (!compiler.isEmpty()) {
            summary = "compilation failed: " + join(compiler);
        } else if (!lines.isEmpty()) {
            summary = "maven build failed: " + join(lines);
        } else {
            summary = "maven build failed with exit code " + result.exitCode() + "; see the build log";
        }
        return summary.length() <= MAX_CHARS ? summary : summary.substring(0, MAX_CHARS) + " ...";
    }

    private static String join(List<String> lines) {
        return lines.stream().limit(MAX_LINES).collect(Collectors.joining("\n"));
    }
}
