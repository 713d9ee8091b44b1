package dev.faas.router.queue;

import dev.faas.router.endpoints.FunctionEndpoints;
import dev.faas.router.endpoints.FunctionRef;
import dev.faas.router.metrics.RouterMetrics;
import dev.faas.router.traffic.TrafficTracker;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The one place that decides which instance a call goes to, and whether it waits or is turned away (429). */
@Singleton
public class CallQueues {
    private final Map<FunctionRef, FunctionQueue> queues = new ConcurrentHashMap<>();
    private final TrafficTracker traffic;
    private final RouterMetrics metrics;

    public CallQueues(TrafficTracker traffic, RouterMetrics metrics) {
        this.traffic = traffic;
        this.metrics = metrics;
    }

    /**
     * A slot for one call on the least busy available instance with room, waiting in arrival order when all
     * are full; 429 past {@code queueSize} waiting calls, 503 once {@code waitLimit} has passed since the call
     * arrived ({@code arrivedAt}, epoch ms).
     */
    public Mono<Lease> acquire(FunctionRef ref, FunctionEndpoints available, int queueSize, long arrivedAt,
                               Duration waitLimit) {
        return of(ref).acquire(available, queueSize, arrivedAt, waitLimit);
    }

    /** A slot at once on the least busy available instance with room, or null when the call would have to wait. */
    public Lease tryAcquire(FunctionRef ref, FunctionEndpoints available) {
        return of(ref).tryAcquire(available);
    }

    /** Counts a call waiting for the function's scale-up against its queue; throws 429 when it is full. */
    public void hold(FunctionRef ref, int queueSize) {
        FunctionQueue queue = of(ref);
        if (!queue.hold(queueSize)) {
            throw queue.full(queueSize);
        }
    }

    /** Ends a {@link #hold}. */
    public void unhold(FunctionRef ref) {
        of(ref).unhold();
    }

    private FunctionQueue of(FunctionRef ref) {
        return queues.computeIfAbsent(ref, r -> new FunctionQueue(r, traffic,
                metrics.queueDepthGauge(r, new AtomicInteger()), metrics.heldGauge(r, new AtomicInteger())));
    }
}
