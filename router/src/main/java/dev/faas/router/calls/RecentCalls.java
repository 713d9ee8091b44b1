package dev.faas.router.calls;

import dev.faas.router.endpoints.FunctionRef;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last {@code faas.router.recent-calls} (default 50) calls of each function this router forwarded, for the
 * dashboard. Memory is bounded by the ring size times the functions called.
 */
@Singleton
public class RecentCalls {
    private final int capacity;
    private final Map<FunctionRef, CallRing> rings = new ConcurrentHashMap<>();

    public RecentCalls(@Value("${faas.router.recent-calls:50}") int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("faas.router.recent-calls must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** How many calls are kept per function. */
    public int capacity() {
        return capacity;
    }

    /** Keeps a finished call; called once per call, on the event loop. */
    public void record(FunctionRef ref, RecentCall call) {
        CallRing ring = rings.get(ref);
        if (ring == null) {
            ring = rings.computeIfAbsent(ref, r -> new CallRing(capacity));
        }
        ring.add(call);
    }

    /** Every function's ring, ordered by namespace and name. */
    public Map<FunctionRef, CallRing> all() {
        Map<FunctionRef, CallRing> sorted = new TreeMap<>((a, b) -> a.namespace().equals(b.namespace())
                ? a.name().compareTo(b.name()) : a.namespace().compareTo(b.namespace()));
        sorted.putAll(rings);
        return sorted;
    }
}
