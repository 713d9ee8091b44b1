package dev.faas.router.calls;

/**
 * One finished function call as the router saw it, kept in its function's {@link CallRing}.
 *
 * @param callId        the call's {@code X-Call-Id}
 * @param at            arrival time, epoch ms
 * @param method        the HTTP method
 * @param path          the path the instance saw (no query: it may carry secrets)
 * @param status        the status the caller got (the router's own for its errors)
 * @param durationNanos arrival to the last byte of the answer
 * @param coldStart     whether the call waited for a cold start of the function
 */
public record RecentCall(String callId, long at, String method, String path, int status, long durationNanos,
                         boolean coldStart) {
}
