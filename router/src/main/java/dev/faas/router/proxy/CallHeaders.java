package dev.faas.router.proxy;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpHeaders;

import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;

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
        return of(name -> in.getFirst(name).orElse(null), request.getRemoteAddress(), request.isSecure(), startTime);
    }

    /** The same from a request's header lookup ({@code header}: first value or null) and connection. */
    static CallHeaders of(Function<String, String> header, InetSocketAddress remote, boolean secure, long startTime) {
        String callId = header.apply(CALL_ID);
        if (callId == null || callId.isBlank()) {
            callId = newCallId();
        }
        String client = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        String prior = header.apply("X-Forwarded-For");
        String forwardedFor = prior == null ? client : prior + ", " + client;
        String proto = header.apply("X-Forwarded-Proto");
        if (proto == null) {
            proto = secure ? "https" : "http";
        }
        String host = header.apply("X-Forwarded-Host");
        if (host == null) {
            host = header.apply(HttpHeaders.HOST);
        }
        return new CallHeaders(callId, startTime, forwardedFor, proto, host);
    }

    /**
     * A random (version 4) UUID. Call ids must be unique, not unguessable, so they come from the thread's own
     * generator rather than {@link UUID#randomUUID()}'s shared SecureRandom, which every call would contend on.
     */
    static String newCallId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0xC000000000000000L) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** Sets them on the request going to an instance. */
    void applyTo(MutableHttpHeaders out) {
        applyTo((name, value) -> out.set(name, value));
    }

    /** Sets them through {@code set(name, value)}. */
    void applyTo(BiConsumer<String, String> set) {
        set.accept(CALL_ID, callId);
        set.accept(START_TIME, Long.toString(startTime));
        set.accept("X-Forwarded-For", forwardedFor);
        set.accept("X-Forwarded-Proto", forwardedProto);
        if (forwardedHost != null) {
            set.accept("X-Forwarded-Host", forwardedHost);
        }
    }
}
