package dev.faas.router.proxy;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpHeaders;

import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * The headers the router adds to a call, worked out once on arrival (so that a retried call carries the same).
 *
 * @param callId         the caller's {@code X-Call-Id}, or a new one
 * @param startTime      arrival time, epoch ms
 * @param forwardedFor   {@code X-Forwarded-For} with the caller's address appended
 * @param forwardedProto {@code X-Forwarded-Proto}
 * @param forwardedHost  {@code X-Forwarded-Host}, null when unknown
 */
public record CallHeaders(String callId, long startTime, String forwardedFor, String forwardedProto,
                          String forwardedHost) {
    public static final String CALL_ID = "X-Call-Id";
    public static final String START_TIME = "X-Start-Time";
    public static final String DURATION = "X-Duration-Ms";

    /** Works out the headers for a request that arrived at {@code startTime}. */
    public static CallHeaders of(HttpRequest<?> request, long startTime) {
        HttpHeaders in = request.getHeaders();
        String callId = in.getFirst(CALL_ID).filter(id -> !id.isBlank()).orElseGet(() -> UUID.randomUUID().toString());
        InetSocketAddress remote = request.getRemoteAddress();
        String client = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        String forwardedFor = in.getFirst("X-Forwarded-For").map(prior -> prior + ", " + client).orElse(client);
        String proto = in.getFirst("X-Forwarded-Proto").orElse(request.isSecure() ? "https" : "http");
        String host = in.getFirst("X-Forwarded-Host").orElseGet(() -> in.getFirst(HttpHeaders.HOST).orElse(null));
        return new CallHeaders(callId, startTime, forwardedFor, proto, host);
    }

    /** Sets them on the request going to an instance. */
    void applyTo(MutableHttpHeaders out) {
        out.set(CALL_ID, callId);
        out.set(START_TIME, Long.toString(startTime));
        out.set("X-Forwarded-For", forwardedFor);
        out.set("X-Forwarded-Proto", forwardedProto);
        if (forwardedHost != null) {
            out.set("X-Forwarded-Host", forwardedHost);
        }
    }
}
