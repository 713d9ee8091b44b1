package dev.faas.controller.async;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The durable queue of asynchronous calls. A call is delivered until it is acknowledged, across restarts of the
 * controller: at least once. Implementations: {@link EmbeddedCallQueue} (local disk) and
 * {@code dev.faas.controller.async.nats.JetStreamCallQueue}.
 */
public interface CallQueue {

    /**
     * Stores the call. The future completes once the call survives a hard kill of the platform (never before), and
     * fails when it could not be stored; it may complete on the queue's own thread, so callers must not block there.
     */
    CompletableFuture<Void> enqueue(AsyncCall call);

    /** The next call due, waiting at most {@code wait}; empty when none came. */
    Optional<Delivery> poll(Duration wait) throws InterruptedException;

    /** Calls stored and not yet acknowledged (including those being run and waiting for a retry). */
    long depth();

    /** Which implementation this is, for {@code /system/info}-style reports and logs. */
    String kind();

    /** One delivery of a call; exactly one of the two methods must be called once the worker is done with it. */
    interface Delivery {
        /** The call delivered. */
        AsyncCall call();

        /** Done with: it is never delivered again. */
        void ack();

        /** Deliver it again, not before {@code delay} has passed. */
        void retryAfter(Duration delay);
    }
}
