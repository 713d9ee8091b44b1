package dev.faas.controller.async;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Runs one delivery of a call: one attempt against the function, then either the final result (recorded, handed
 * to the callback, acknowledged), a retry after a backoff, or, after the last attempt, a dead letter.
 */
@Singleton
public class CallProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(CallProcessor.class);

    private final FunctionInvoker invoker;
    private final CallLedger ledger;
    private final CallbackSender callbacks;
    private final AsyncSettings settings;
    private final AsyncMetrics metrics;
    private final List<CallOutcomeListener> listeners;

    public CallProcessor(FunctionInvoker invoker, CallLedger ledger, CallbackSender callbacks,
                         AsyncSettings settings, AsyncMetrics metrics, List<CallOutcomeListener> listeners) {
        this.invoker = invoker;
        this.ledger = ledger;
        this.callbacks = callbacks;
        this.settings = settings;
        this.metrics = metrics;
        this.listeners = List.copyOf(listeners);
    }

    /** Attempts the delivered call once and settles the delivery. */
    public void process(CallQueue.Delivery delivery) throws InterruptedException {
        AsyncCall call = delivery.call();
        // Attempts live in the ledger, so that a restart neither forgets them nor starts the count again.
        int attempt = ledger.update(call, status -> status.running(status.attempts() + 1)).attempts();
        FunctionOutcome outcome = invoker.invoke(call);
        metrics.attempt(call, outcome);
        if (outcome.retryable() && attempt < settings.maxAttempts()) {
            ledger.update(call, status -> status.after(outcome, CallState.RETRYING));
            delivery.retryAfter(settings.backoff().after(attempt));
            return;
        }
        CallState end = outcome.retryable() ? CallState.DEAD_LETTER : CallState.COMPLETED;
        if (end == CallState.DEAD_LETTER) {
            LOG.warn("Async call {} to {} is a dead letter after {} attempts: {}", call.id(), call.key(), attempt,
                    outcome.error());
        }
        ledger.update(call, status -> status.after(outcome, end));
        // The result is stored for the callback before the call is acknowledged: a crash in between repeats the
        // call (at least once), it never loses the callback.
        if (call.callbackUrl() != null) {
            callbacks.submit(PendingCallback.of(call, outcome, end));
        }
        delivery.ack();
        metrics.finished(call, end);
        listeners.forEach(listener -> listener.finished(call, end, outcome));
    }
}
