package dev.faas.controller.trigger;

import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;

/**
 * How many events of one message trigger run at once: annotation {@code trigger.concurrency} (default 1, which
 * keeps a partition's or subject's order). The router's limits of the function apply on top (a 429 is retried).
 */
public final class TriggerConcurrency {
    /** The annotation. */
    public static final String ANNOTATION = "trigger.concurrency";

    private TriggerConcurrency() {
    }

    /** The function's trigger concurrency; {@link InvalidFunctionException} when it is not a positive number. */
    public static int of(FunctionSpec spec) {
        String text = spec.annotations().get(ANNOTATION);
        if (text == null || text.isBlank()) {
            return 1;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= 256) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidFunctionException("annotation '" + ANNOTATION + "' of function '" + spec.service()
                + "' must be a whole number from 1 to 256, got '" + text + "'");
    }
}
