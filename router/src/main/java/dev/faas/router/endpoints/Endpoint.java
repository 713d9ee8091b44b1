package dev.faas.router.endpoints;

import io.micronaut.core.annotation.Introspected;

import java.time.Duration;

/**
 * One instance of a function that takes calls.
 *
 * @param id      the instance id the controller gave it
 * @param url     its base URL, e.g. {@code http://127.0.0.1:40123}
 * @param loading it is still loading its function and holds calls until then (a pooled instance being specialized):
 *                a call to it may wait for that, on top of its own timeout, as long as it would have waited for an
 *                activation
 */
@Introspected
public record Endpoint(String id, String url, boolean loading) {

    /** An instance that is ready. */
    public Endpoint(String id, String url) {
        this(id, url, false);
    }

    /** How long a call to this instance may take: {@code timeout}, plus {@code loadAllowance} while it loads. */
    public Duration callLimit(Duration timeout, Duration loadAllowance) {
        return loading ? timeout.plus(loadAllowance) : timeout;
    }
}
