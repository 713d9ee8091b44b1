package dev.faas.cli.command;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;

/** Shows the gateway's timestamps as ISO-8601, whether they arrive as text, epoch seconds or epoch milliseconds. */
final class Timestamps {

    // Epoch seconds stay below this until the year 5138; epoch milliseconds have been above it since 1973.
    private static final long SECONDS_LIMIT = 100_000_000_000L;

    private Timestamps() {
    }

    /** ISO-8601 text for the value, "-" when absent. */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "-";
        }
        if (!value.isNumber()) {
            return value.asText();
        }
        BigDecimal number = value.decimalValue();
        if (number.abs().compareTo(BigDecimal.valueOf(SECONDS_LIMIT)) >= 0) {
            return Instant.ofEpochMilli(number.longValue()).toString();
        }
        long seconds = number.longValue();
        long nanos = number.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(seconds, nanos).toString();
    }
}
