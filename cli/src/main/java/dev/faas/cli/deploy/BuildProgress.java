package dev.faas.cli.deploy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Condenses a Maven build log to progress: each build step, test totals, warnings, errors and the outcome.
 * {@code --verbose} shows the whole log instead.
 */
final class BuildProgress {
    private static final Pattern STEP = Pattern.compile("\\[INFO] --- ([\\w.-]+):[\\w.-]+:([\\w-]+) .*");
    private static final Pattern TEST_TOTAL = Pattern.compile("\\[(INFO|WARNING|ERROR)] Tests run: .*");

    private BuildProgress() {
    }

    /** The line to show for a log line, if any. */
    static Optional<String> condense(String line) {
        Matcher step = STEP.matcher(line);
        if (step.matches()) {
            return Optional.of(step.group(2) + " (" + step.group(1).replace("maven-", "").replace("-plugin", "") + ")");
        }
        boolean shown = line.startsWith("$ ")
                || line.startsWith("[ERROR]")
                || line.startsWith("[WARNING]") && !line.equals("[WARNING]")
                || TEST_TOTAL.matcher(line).matches() && !line.contains(" -- in ")
                || line.contains("BUILD SUCCESS") || line.contains("BUILD FAILURE");
        return shown ? Optional.of(line) : Optional.empty();
    }
}
