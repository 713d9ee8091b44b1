package dev.faas.controller.activator;

import dev.faas.controller.function.DurationText;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;

import java.time.Duration;

/** A function's call timeout, from its {@code exec_timeout} env var as in OpenFaaS's of-watchdog. */
public final class ExecTimeout {
    static final Duration DEFAULT = Duration.ofSeconds(60);

    private ExecTimeout() {
    }

    /** The timeout in ms; the default when {@code exec_timeout} is absent or not a duration. */
    public static long millis(FunctionSpec spec) {
        String value = spec.envVars().get("exec_timeout");
        try {
            return DurationText.parse("env var exec_timeout", value, DEFAULT).toMillis();
        } catch (InvalidFunctionException e) {
            return DEFAULT.toMillis();
        }
    }
}
