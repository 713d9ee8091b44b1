package dev.faas.router.traffic;

import dev.faas.router.endpoints.FunctionRef;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters of one function: calls in flight (in total and per instance) and calls since the last report. */
public final class FunctionTraffic {
    private final FunctionRef ref;
    private final AtomicInteger inFlight;
    private final AtomicLong requestsSinceReport = new AtomicLong();
    private final Map<String, AtomicInteger> perInstance = new ConcurrentHashMap<>();

    FunctionTraffic(FunctionRef ref, AtomicInteger inFlight) {
        this.ref = ref;
        this.inFlight = inFlight;
    }

    public FunctionRef ref() {
        return ref;
    }

    /** Calls of this function in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Calls in flight on one instance now. */
    public int inFlight(String instanceId) {
        AtomicInteger count = perInstance.get(instanceId);
        return count == null ? 0 : count.get();
    }

    void begin(String instanceId) {
        requestsSinceReport.incrementAndGet();
        inFlight.incrementAndGet();
        // Counted inside compute so that a report dropping an idle instance cannot race with a new call.
        perInstance.compute(instanceId, (id, count) -> add(count, 1));
    }

    void end(String instanceId) {
        inFlight.decrementAndGet();
        perInstance.compute(instanceId, (id, count) -> add(count, -1));
    }

    private static AtomicInteger add(AtomicInteger count, int delta) {
        AtomicInteger counter = count == null ? new AtomicInteger() : count;
        counter.addAndGet(delta);
        return counter;
    }

    /**
     * Takes the counts for a report: resets the request count and forgets idle instances, which are reported
     * once with 0 so that the controller sees them drained.
     */
    FunctionTrafficReport drainForReport() {
        long requests = requestsSinceReport.getAndSet(0);
        Map<String, Integer> instances = new TreeMap<>();
        for (String id : perInstance.keySet()) {
            perInstance.computeIfPresent(id, (key, count) -> {
                instances.put(key, count.get());
                return count.get() == 0 ? null : count;
            });
        }
        return new FunctionTrafficReport(ref.namespace(), ref.name(), requests, inFlight.get(), instances);
    }

    /** Puts back the request count of a report the controller never got. */
    void restore(FunctionTrafficReport report) {
        requestsSinceReport.addAndGet(report.requests());
    }

    boolean hasActivity() {
        return requestsSinceReport.get() > 0 || inFlight.get() > 0 || !perInstance.isEmpty();
    }
}
