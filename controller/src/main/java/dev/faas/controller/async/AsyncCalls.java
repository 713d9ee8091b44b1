package dev.faas.controller.async;

import jakarta.inject.Singleton;

import java.util.concurrent.CompletableFuture;

/** The one way in to the queue, for {@code /async-function} calls and triggers alike: record, store, count. */
@Singleton
public class AsyncCalls {
    private final CallQueue queue;
    private final CallLedger ledger;
    private final AsyncMetrics metrics;

    public AsyncCalls(CallQueue queue, CallLedger ledger, AsyncMetrics metrics) {
        this.queue = queue;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /** Queues the call durably; once the future completes it will run at least once. */
    public CompletableFuture<Void> submit(AsyncCall call) {
        ledger.accepted(call);
        return queue.enqueue(call).thenRun(() -> metrics.accepted(call));
    }

    /** The queue's kind ({@code embedded} or {@code nats}). */
    public String queueKind() {
        return queue.kind();
    }
}
