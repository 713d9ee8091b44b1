package dev.faas.controller.autoscaler;

import dev.faas.controller.function.InvalidFunctionException;
import io.micronaut.core.convert.ConversionService;

import java.time.Duration;

/** Reads durations written the way OpenFaaS labels and env vars write them: {@code 30s}, {@code 5m}, {@code 500ms}. */
public final class DurationLabel {
    private DurationLabel() {
    }

    /** The duration, or the fallback when the value is absent. */
    public static Duration parse(String what, String value, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return ConversionService.SHARED.convert(value.trim(), Duration.class)
                .filter(d -> !d.isNegative())
                .orElseThrow(() -> new InvalidFunctionException(what + " '" + value
                        + "' is not a duration: write it like 30s, 5m or 500ms"));
    }
}
