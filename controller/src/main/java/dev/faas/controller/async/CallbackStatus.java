package dev.faas.controller.async;

import io.micronaut.core.annotation.Introspected;

/**
 * How the delivery of a call's result to its {@code X-Callback-Url} went.
 *
 * @param state      {@code pending}, {@code delivered} or {@code failed} (gave up after the last attempt)
 * @param lastStatus the callback target's last HTTP status, null when it could not be reached
 */
@Introspected
public record CallbackStatus(String url, String state, int attempts, Integer lastStatus, String lastError) {
    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    /** Not tried yet. */
    static CallbackStatus pending(String url) {
        return new CallbackStatus(url, PENDING, 0, null, null);
    }
}
