package dev.faas.router.queue;

import dev.faas.router.error.RouterException;
import io.micronaut.http.HttpStatus;

/** The 429 for a call that finds the function's queue full; tells the caller when to try again. */
public class TooManyCallsException extends RouterException {
    /** Seconds the caller is asked to wait ({@code Retry-After}); queued calls usually move within one. */
    static final int RETRY_AFTER_SECONDS = 1;

    TooManyCallsException(String message) {
        super(HttpStatus.TOO_MANY_REQUESTS, message);
    }

    @Override
    public int retryAfterSeconds() {
        return RETRY_AFTER_SECONDS;
    }
}
