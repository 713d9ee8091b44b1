package dev.faas.controller.async;

import java.util.List;
import java.util.Map;

/**
 * What one attempt to call a function produced.
 *
 * @param status  the HTTP status, 0 when the router could not be reached or did not answer
 * @param error   a sentence saying what went wrong, null on success
 */
public record FunctionOutcome(int status, Map<String, List<String>> headers, byte[] body, long durationMs,
                             String error) {

    /** 429, 5xx and no answer at all are worth another try; every other status is the function's answer. */
    public boolean retryable() {
        return status == 0 || status == 429 || status >= 500;
    }
}
