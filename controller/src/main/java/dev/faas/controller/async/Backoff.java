package dev.faas.controller.async;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: {@code initial * 2^(attempt-1)}, at most {@code max}, ±20 %. */
public record Backoff(Duration initial, Duration max) {

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration after(int attempt) {
        long base = initial.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(base, max.toMillis());
        // Jitter spreads the retries of calls that failed together (a function that was down).
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
}
