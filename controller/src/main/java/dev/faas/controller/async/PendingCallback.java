package dev.faas.controller.async;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * A call's result waiting to be posted to its callback URL; stored under {@code <state-dir>/async/callbacks/} so
 * that a restart does not lose it, and so that a callback target that is down never makes the function run again.
 *
 * @param functionStatus the function's HTTP status, 0 when it could never be reached
 * @param finalState     the call's state when the result was taken (completed or dead-letter)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PendingCallback(String callId, String namespace, String function, String url, int functionStatus,
                              Map<String, List<String>> headers, byte[] body, long durationMs, CallState finalState,
                              int attempts) {

    /** The result of a finished call for its callback. */
    static PendingCallback of(AsyncCall call, FunctionOutcome outcome, CallState finalState) {
        return new PendingCallback(call.id(), call.namespace(), call.function(), call.callbackUrl(),
                outcome.status(), HeaderCopy.keep(outcome.headers()), outcome.body(), outcome.durationMs(),
                finalState, 0);
    }

    /** The same callback after one more failed attempt. */
    PendingCallback tried() {
        return new PendingCallback(callId, namespace, function, url, functionStatus, headers, body, durationMs,
                finalState, attempts + 1);
    }
}
