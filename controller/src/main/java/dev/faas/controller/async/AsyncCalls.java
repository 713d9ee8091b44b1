package dev.faas.controller.async;

import jakarta.inject.Singleton;

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

    /** Queues the call durably; when this returns it will run at least once. */
    public void submit(AsyncCall call) {
        ledger.accepted(call);
        queue.enqueue(call);
        metrics.accepted(call);
    }

    /** The queue's kind ({@code embedded} or {@code nats}). */
    public String queueKind() {
        return queue.kind();
    }
}
