package dev.faas.controller.coldstart;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.instance.StartupTimings;
import dev.faas.controller.runtime.RuntimeStatus.ColdStartSummary;
import dev.faas.controller.runtime.RuntimeStatus.ColdStartView;
import dev.faas.controller.runtime.RuntimeStatus.PhasePercentiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the last cold starts of each function and publishes their phases as the
 * {@code faas_cold_start_seconds{namespace,function,phase}} histogram.
 */
@Singleton
public class ColdStartRecorder {
    static final int KEPT_PER_FUNCTION = 50;
    /** A first response later than this after readiness is not this cold start's. */
    static final Duration FIRST_RESPONSE_WINDOW = Duration.ofSeconds(60);

    private final MeterRegistry meters;
    private final Map<FunctionKey, Deque<ColdStartRecord>> byFunction = new ConcurrentHashMap<>();
    private final Map<FunctionKey, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, FunctionKey> functionOf = new ConcurrentHashMap<>();

    public ColdStartRecorder(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Starts a record: the request arrived at the router, and the controller issued the start. */
    public String begin(FunctionKey key, long requestArrived, long startIssued) {
        String id = "cs-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
        ColdStartRecord record = new ColdStartRecord(id, key, requestArrived, startIssued, null, null, null, null, null,
                false);
        Deque<ColdStartRecord> records = byFunction.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (records) {
            records.addLast(record);
            while (records.size() > KEPT_PER_FUNCTION) {
                functionOf.remove(records.removeFirst().id());
            }
        }
        functionOf.put(id, key);
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        return id;
    }

    /** Completes the start-up phases once the instance is ready. */
    public void ready(String id, long processStarted, StartupTimings timings, long instanceReady) {
        // A pooled instance's process started long before this cold start: its start is not one of its phases.
        Long started = timings.pooled() ? null
                : timings.processStart() != null ? timings.processStart() : processStarted;
        update(id, r -> r.ready(started, timings.runtimeReady(), timings.handlerLoaded(), instanceReady,
                timings.pooled()))
                .ifPresent(r -> record(r, r.firstResponse() == null
                        ? List.of("schedule", "process_start", "acquire", "runtime_init", "handler_load", "readiness")
                        // Its first call was answered before its readiness was heard of (see firstResponse).
                        : List.of("schedule", "process_start", "acquire", "runtime_init", "handler_load", "readiness",
                                "first_response", "total")));
    }

    /** Forgets a cold start whose instance never became ready (it is not a cold start but a failure). */
    public void abandon(String id) {
        FunctionKey key = functionOf.remove(id);
        if (key != null) {
            Deque<ColdStartRecord> records = byFunction.get(key);
            synchronized (records) {
                records.removeIf(r -> r.id().equals(id));
            }
            counts.get(key).decrementAndGet();
        }
    }

    /** Completes a record with the router's first response; false when the id is unknown or too late. */
    public boolean firstResponse(String id, long at) {
        // An instance that holds calls while it loads can answer the first one before the controller hears that it
        // is ready: the response is kept, and its phases are published with the readiness.
        Optional<ColdStartRecord> done = update(id, r -> {
            boolean open = r.firstResponse() == null && (r.instanceReady() == null
                    || at - r.instanceReady() <= FIRST_RESPONSE_WINDOW.toMillis());
            return open ? r.firstResponse(at) : r;
        }).filter(r -> r.firstResponse() != null && r.firstResponse() == at);
        done.filter(r -> r.instanceReady() != null).ifPresent(r -> record(r, List.of("first_response", "total")));
        return done.isPresent();
    }

    /** The record with this id, if it is still kept. */
    public Optional<ColdStartRecord> find(String id) {
        FunctionKey key = functionOf.get(id);
        if (key == null) {
            return Optional.empty();
        }
        Deque<ColdStartRecord> records = byFunction.get(key);
        synchronized (records) {
            return records.stream().filter(r -> r.id().equals(id)).findFirst();
        }
    }

    /** Count, p50/p99 of the kept totals, and the most recent records first. */
    public ColdStartSummary summary(FunctionKey key) {
        List<ColdStartRecord> records;
        Deque<ColdStartRecord> kept = byFunction.get(key);
        if (kept == null) {
            return new ColdStartSummary(0, null, null, List.of());
        }
        synchronized (kept) {
            records = new ArrayList<>(kept);
        }
        long[] totals = records.stream().map(ColdStartRecord::totalMs).filter(t -> t != null)
                .mapToLong(Long::longValue).sorted().toArray();
        List<ColdStartView> recent = new ArrayList<>();
        for (int i = records.size() - 1; i >= 0; i--) {
            ColdStartRecord r = records.get(i);
            recent.add(new ColdStartView(r.id(), Instant.ofEpochMilli(r.requestArrived()), r.totalMs(), r.phases(),
                    r.pooled()));
        }
        AtomicLong count = counts.get(key);
        long pooled = records.stream().filter(ColdStartRecord::pooled).count();
        return new ColdStartSummary(count == null ? 0 : count.get(), pooled, percentile(totals, 0.50),
                percentile(totals, 0.99), phasePercentiles(records), recent);
    }

    /** Forgets a removed function's records. */
    public void forget(FunctionKey key) {
        Deque<ColdStartRecord> records = byFunction.remove(key);
        counts.remove(key);
        if (records != null) {
            synchronized (records) {
                records.forEach(r -> functionOf.remove(r.id()));
            }
        }
    }

    private Optional<ColdStartRecord> update(String id, java.util.function.UnaryOperator<ColdStartRecord> change) {
        FunctionKey key = functionOf.get(id);
        if (key == null) {
            return Optional.empty();
        }
        Deque<ColdStartRecord> records = byFunction.get(key);
        if (records == null) {
            return Optional.empty();
        }
        synchronized (records) {
            List<ColdStartRecord> copy = new ArrayList<>(records);
            for (int i = 0; i < copy.size(); i++) {
                if (copy.get(i).id().equals(id)) {
                    ColdStartRecord next = change.apply(copy.get(i));
                    copy.set(i, next);
                    records.clear();
                    records.addAll(copy);
                    return Optional.of(next);
                }
            }
        }
        return Optional.empty();
    }

    private void record(ColdStartRecord r, List<String> phaseNames) {
        Map<String, Long> phases = r.phases();
        for (String phase : phaseNames) {
            Long ms = phases.get(phase);
            if (ms != null) {
                Timer.builder("faas.cold.start")
                        .description("Cold-start phase durations")
                        .tags("namespace", r.function().namespace(), "function", r.function().name(), "phase", phase,
                                "pooled", Boolean.toString(r.pooled()))
                        .publishPercentileHistogram()
                        .register(meters)
                        .record(Duration.ofMillis(ms));
            }
        }
    }

    /** p50/p99 of each phase over the kept records that have it (pooled and fresh records alike). */
    private static Map<String, PhasePercentiles> phasePercentiles(List<ColdStartRecord> records) {
        Map<String, List<Long>> byPhase = new LinkedHashMap<>();
        for (ColdStartRecord r : records) {
            r.phases().forEach((phase, ms) -> byPhase.computeIfAbsent(phase, p -> new ArrayList<>()).add(ms));
        }
        Map<String, PhasePercentiles> result = new LinkedHashMap<>();
        byPhase.forEach((phase, values) -> {
            long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            result.put(phase, new PhasePercentiles(percentile(sorted, 0.50), percentile(sorted, 0.99)));
        });
        return result;
    }

    private static Double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return (double) sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
