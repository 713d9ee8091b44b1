package dev.faas.router.queue;

import dev.faas.router.config.DurationText;
import dev.faas.router.endpoints.Endpoint;
import dev.faas.router.endpoints.FunctionEndpoints;
import dev.faas.router.endpoints.FunctionRef;
import dev.faas.router.error.RouterException;
import dev.faas.router.traffic.TrafficTracker;
import io.micronaut.http.HttpStatus;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission for one function: grants each call a slot on the least busy instance below the function's
 * per-instance concurrency limit, lets calls that find every instance full wait in arrival order, and counts
 * the calls held for a scale-up against the same bound. The choice and the in-flight count change together
 * under this object's lock, so no instance ever gets more than the limit.
 */
final class FunctionQueue {
    private final FunctionRef ref;
    private final TrafficTracker traffic;
    private final AtomicInteger depth;
    private final AtomicInteger held;
    private final ArrayDeque<CompletableFuture<Lease>> waiting = new ArrayDeque<>();
    // The latest endpoints and limit seen: freed slots go to waiters on what is known now.
    private List<Endpoint> endpoints = List.of();
    private int concurrency;

    FunctionQueue(FunctionRef ref, TrafficTracker traffic, AtomicInteger depth, AtomicInteger held) {
        this.ref = ref;
        this.traffic = traffic;
        this.depth = depth;
        this.held = held;
    }

    /**
     * A slot on one of the available instances, at once or after the calls that came before; fails with 429 when
     * {@code queueSize} calls already wait, with 503 when no slot frees up within {@code waitLimit} of the call's
     * arrival ({@code arrivedAt}, epoch ms).
     */
    Mono<Lease> acquire(FunctionEndpoints available, int queueSize, long arrivedAt, Duration waitLimit) {
        return Mono.defer(() -> {
            CompletableFuture<Lease> waiter = new CompletableFuture<>();
            synchronized (this) {
                endpoints = available.endpoints();
                concurrency = Math.max(0, available.concurrency());
                if (waiting.isEmpty()) {
                    Lease now = tryLease();
                    if (now != null) {
                        return Mono.just(now);
                    }
                }
                if (waiting.size() + held.get() >= queueSize) {
                    return Mono.error(full(queueSize));
                }
                waiting.add(waiter);
                depth.set(waiting.size());
            }
            // New endpoints may have room for calls that waited before this one.
            dispatch();
            // A waiter that gives up (timeout, caller gone) cancels its future and leaves the queue.
            waiter.whenComplete((lease, error) -> {
                if (error != null) {
                    forget(waiter);
                }
            });
            Duration left = Duration.ofMillis(Math.max(1,
                    waitLimit.toMillis() - (System.currentTimeMillis() - arrivedAt)));
            return Mono.fromFuture(waiter)
                    .timeout(left, Mono.error(() -> new RouterException(HttpStatus.SERVICE_UNAVAILABLE,
                            "no instance of '" + ref.name() + "' had a free slot within " + DurationText.of(waitLimit)
                                    + " (faas.router.activation-timeout) of the call's arrival; its instances take at"
                                    + " most " + concurrency + " calls at once each: try again later")));
        });
    }

    /** A slot now, or null when calls already wait or every instance is full. */
    synchronized Lease tryAcquire(FunctionEndpoints available) {
        endpoints = available.endpoints();
        concurrency = Math.max(0, available.concurrency());
        return waiting.isEmpty() ? tryLease() : null;
    }

    /** Counts a call held for a scale-up against the queue; false when the queue is full. */
    synchronized boolean hold(int queueSize) {
        if (waiting.size() + held.get() >= queueSize) {
            return false;
        }
        held.incrementAndGet();
        return true;
    }

    /** Ends what {@link #hold} began. */
    void unhold() {
        held.decrementAndGet();
    }

    /** The 429 for this function's full queue. */
    TooManyCallsException full(int queueSize) {
        String perInstance = concurrency > 0 ? concurrency + " at once per instance, " : "";
        return new TooManyCallsException("function '" + ref.name() + "' in namespace '" + ref.namespace()
                + "' is at its call limit (" + perInstance + queueSize + " waiting); retry after "
                + TooManyCallsException.RETRY_AFTER_SECONDS + "s, or raise its labels dev.faas.concurrency and"
                + " dev.faas.queue-size");
    }

    void released(Endpoint endpoint) {
        traffic.end(ref, endpoint.id());
        dispatch();
    }

    private void dispatch() {
        synchronized (this) {
            if (waiting.isEmpty()) {
                return;
            }
        }
        List<CompletableFuture<Lease>> servedWaiters = new ArrayList<>();
        List<Lease> leases = new ArrayList<>();
        synchronized (this) {
            while (!waiting.isEmpty()) {
                if (waiting.peek().isDone()) {
                    waiting.poll();
                    continue;
                }
                Lease lease = tryLease();
                if (lease == null) {
                    break;
                }
                servedWaiters.add(waiting.poll());
                leases.add(lease);
            }
            depth.set(waiting.size());
        }
        // Completed outside the lock: the waiter's call goes on in this thread.
        for (int i = 0; i < leases.size(); i++) {
            if (!servedWaiters.get(i).complete(leases.get(i))) {
                leases.get(i).release();
            }
        }
    }

    private synchronized void forget(CompletableFuture<Lease> waiter) {
        waiting.remove(waiter);
        depth.set(waiting.size());
    }

    // Caller holds the lock.
    private Lease tryLease() {
        Endpoint chosen = traffic.leastLoaded(ref, endpoints, concurrency);
        if (chosen == null) {
            return null;
        }
        traffic.begin(ref, chosen.id());
        return new Lease(chosen, this);
    }
}
