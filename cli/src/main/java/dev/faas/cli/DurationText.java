package dev.faas.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Short durations as people type them: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 2d}. */
public final class DurationText {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private DurationText() {
    }

    /** Parses the text, failing with a message that names the option it came from. */
    public static Duration parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new CliException(option + " needs a duration such as 30s, 5m or 1h");
        }
        Matcher matcher = PART.matcher(text.trim());
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            end = matcher.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw new CliException(option + " '" + text + "' is not a duration — use e.g. 30s, 5m or 1h30m");
        }
        return total;
    }
}
