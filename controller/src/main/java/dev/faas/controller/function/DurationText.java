package dev.faas.controller.function;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go-style durations as OpenFaaS writes them: {@code 30s}, {@code 5m}, {@code 1h}, {@code 1m30s}, {@code 500ms}. */
public final class DurationText {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private DurationText() {
    }

    /** The duration, or the fallback when the text is absent or blank. */
    public static Duration parse(String field, String text, Duration fallback) {
        return text == null || text.isBlank() ? fallback : parse(field, text);
    }

    /** The duration, or a 400-worthy error naming {@code field}. */
    public static Duration parse(String field, String text) {
        String value = text == null ? "" : text.trim();
        if (!WHOLE.matcher(value).matches()) {
            throw new InvalidFunctionException(field + " '" + text
                    + "' is not a duration: use a number with a unit, like 30s, 5m or 1h");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(value);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        }
        return total;
    }
}
