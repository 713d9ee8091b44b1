package dev.faas.controller.async;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Introspected;

import java.time.Instant;

/**
 * What {@code GET /system/async/{callId}} shows: a call's state, attempts, last error and result.
 *
 * @param resultStatus the function's last HTTP status (null before the first answer or when unreachable)
 * @param durationMs   how long the last attempt took
 * @param callback     null when the call named no callback
 */
@Introspected
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallStatus(String callId, String namespace, String function, String path, CallState state,
                         int attempts, String lastError, Integer resultStatus, Long durationMs,
                         CallbackStatus callback, Instant acceptedAt, Instant updatedAt) {

    /** A call just accepted. */
    static CallStatus queued(AsyncCall call) {
        return new CallStatus(call.id(), call.namespace(), call.function(), call.path(), CallState.QUEUED, 0, null,
                null, null, call.callbackUrl() == null ? null : CallbackStatus.pending(call.callbackUrl()),
                call.acceptedAt(), call.acceptedAt());
    }

    /** Attempt number {@code attempt} has started. */
    CallStatus running(int attempt) {
        return new CallStatus(callId, namespace, function, path, CallState.RUNNING, attempt, lastError,
                resultStatus, durationMs, callback, acceptedAt, Instant.now());
    }

    /** The current attempt ended with this outcome, leaving the call in {@code next}. */
    CallStatus after(FunctionOutcome outcome, CallState next) {
        return new CallStatus(callId, namespace, function, path, next, attempts,
                outcome.error() == null ? lastError : outcome.error(),
                outcome.status() == 0 ? resultStatus : Integer.valueOf(outcome.status()), outcome.durationMs(),
                callback, acceptedAt, Instant.now());
    }

    /** The same call with a new callback delivery status. */
    CallStatus withCallback(CallbackStatus delivery) {
        return new CallStatus(callId, namespace, function, path, state, attempts, lastError, resultStatus,
                durationMs, delivery, acceptedAt, Instant.now());
    }
}
