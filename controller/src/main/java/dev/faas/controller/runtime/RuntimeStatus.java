package dev.faas.controller.runtime;

import dev.faas.controller.events.FunctionEvent;
import io.micronaut.core.annotation.Introspected;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The running side of a function's status: replicas, instances, invocations, cold starts and recent events. */
@Introspected
public record RuntimeStatus(
        int replicas,
        int availableReplicas,
        long invocationCount,
        List<InstanceView> instances,
        ColdStartSummary coldStarts,
        List<FunctionEvent> events) {

    /** One instance as shown in the status; {@code exitReason} says why it ended when it ended unasked. */
    @Introspected
    public record InstanceView(String id, String state, String url, Instant startedAt, String version,
                               String exitReason) {
    }

    /**
     * Cold-start count, how many of the kept ones came from the prewarmed pool, percentiles of the total and of
     * each phase, and the most recent records.
     */
    @Introspected
    public record ColdStartSummary(long count, long pooled, Double p50Ms, Double p99Ms,
                                   Map<String, PhasePercentiles> phases, List<ColdStartView> recent) {

        /** A summary without pool or phase figures. */
        public ColdStartSummary(long count, Double p50Ms, Double p99Ms, List<ColdStartView> recent) {
            this(count, 0, p50Ms, p99Ms, Map.of(), recent);
        }
    }

    /** p50 and p99 of one cold-start phase, in milliseconds. */
    @Introspected
    public record PhasePercentiles(Double p50Ms, Double p99Ms) {
    }

    /** One cold start: when, how long in all, each phase in milliseconds, and whether the pool served it. */
    @Introspected
    public record ColdStartView(String id, Instant startedAt, Long totalMs, Map<String, Long> phases, boolean pooled) {
    }
}
