package dev.faas.controller.dashboard;

import io.micronaut.core.annotation.Introspected;

/**
 * One call the router forwarded, as its {@code GET /internal/calls} tells: arrival ({@code at}, epoch ms), method,
 * path (no query), the status the caller got, the duration to the last byte, and whether it waited for a cold start.
 */
@Introspected
public record RecentCall(String callId, long at, String method, String path, int status, double durationMs,
                        boolean coldStart) {
}
