package dev.faas.controller.async;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * Prometheus series of asynchronous calls: {@code faas_async_calls_accepted_total},
 * {@code faas_async_attempts_total{outcome}}, {@code faas_async_calls_finished_total{state}} (per function) and
 * {@code faas_async_queue_depth}.
 */
@Singleton
public class AsyncMetrics {
    private final MeterRegistry meters;

    public AsyncMetrics(MeterRegistry meters, CallQueue queue) {
        this.meters = meters;
        Gauge.builder("faas.async.queue.depth", queue, CallQueue::depth)
                .description("Async calls stored and not yet finished")
                .tag("queue", queue.kind())
                .register(meters);
    }

    /** A call was accepted. */
    void accepted(AsyncCall call) {
        counter("faas.async.calls.accepted", call).increment();
    }

    /** One attempt ended: {@code ok} (a final answer) or {@code retryable}. */
    void attempt(AsyncCall call, FunctionOutcome outcome) {
        Counter.builder("faas.async.attempts")
                .tags("namespace", call.namespace(), "function", call.function(),
                        "outcome", outcome.retryable() ? "retryable" : "ok")
                .register(meters).increment();
    }

    /** A call finished in {@code state} (completed or dead-letter). */
    void finished(AsyncCall call, CallState state) {
        Counter.builder("faas.async.calls.finished")
                .tags("namespace", call.namespace(), "function", call.function(), "state", state.text())
                .register(meters).increment();
    }

    private Counter counter(String name, AsyncCall call) {
        return Counter.builder(name).tags("namespace", call.namespace(), "function", call.function())
                .register(meters);
    }
}
