package dev.faas.controller.trigger;

import dev.faas.controller.async.AsyncCall;
import dev.faas.controller.async.CallOutcomeListener;
import dev.faas.controller.async.CallState;
import dev.faas.controller.async.FunctionOutcome;
import dev.faas.controller.function.FunctionKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every trigger's delivered and failed events, last error and lag, per function; the same numbers go to
 * {@code /metrics} as {@code faas_trigger_events_total{namespace,function,trigger,outcome}}.
 */
@Singleton
public class TriggerStats implements CallOutcomeListener {
    private final MeterRegistry meters;
    private final Map<Key, Counts> counts = new ConcurrentHashMap<>();

    public TriggerStats(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Starts showing a trigger (with zero counts) in the function's status. */
    public void declare(FunctionKey function, String kind, String source) {
        counts.computeIfAbsent(new Key(function, kind), k -> new Counts()).source = source;
    }

    /** Stops showing a trigger (the function was removed or no longer declares it). */
    public void forget(FunctionKey function, String kind) {
        counts.remove(new Key(function, kind));
    }

    /** An event reached the function and it succeeded. */
    public void delivered(FunctionKey function, String kind) {
        Counts c = counts(function, kind);
        c.delivered.incrementAndGet();
        c.lastEventAt = Instant.now();
        counter(function, kind, "delivered").increment();
    }

    /** An event failed for good (dead letter, poison message, missed run) for this reason. */
    public void failed(FunctionKey function, String kind, String reason) {
        Counts c = counts(function, kind);
        c.failed.incrementAndGet();
        c.lastError = reason;
        c.lastEventAt = Instant.now();
        counter(function, kind, "failed").increment();
    }

    /** Events waiting for the function at its source. */
    public void lag(FunctionKey function, String kind, long waiting) {
        counts(function, kind).lag = waiting;
    }

    /** The function's triggers, by kind. */
    public List<TriggerStatus> of(FunctionKey function) {
        return counts.entrySet().stream().filter(e -> e.getKey().function().equals(function))
                .sorted(Comparator.comparing(e -> e.getKey().kind()))
                .map(e -> e.getValue().view(e.getKey().kind()))
                .toList();
    }

    @Override
    public void finished(AsyncCall call, CallState state, FunctionOutcome outcome) {
        if ("http".equals(call.source())) {
            return;
        }
        if (state == CallState.COMPLETED && outcome.status() < 400) {
            delivered(call.key(), call.source());
        } else {
            failed(call.key(), call.source(), outcome.error() != null ? outcome.error()
                    : "function answered " + outcome.status());
        }
    }

    private Counts counts(FunctionKey function, String kind) {
        return counts.computeIfAbsent(new Key(function, kind), k -> new Counts());
    }

    private Counter counter(FunctionKey function, String kind, String outcome) {
        return Counter.builder("faas.trigger.events").description("Trigger events by outcome")
                .tags("namespace", function.namespace(), "function", function.name(), "trigger", kind,
                        "outcome", outcome)
                .register(meters);
    }

    private record Key(FunctionKey function, String kind) {
    }

    /** Mutable counters of one trigger. */
    private static final class Counts {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile String source;
        volatile String lastError;
        volatile Instant lastEventAt;
        volatile Long lag;

        TriggerStatus view(String kind) {
            return new TriggerStatus(kind, source, delivered.get(), failed.get(), lastError, lastEventAt, lag);
        }
    }
}
