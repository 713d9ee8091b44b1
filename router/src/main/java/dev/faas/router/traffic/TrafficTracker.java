package dev.faas.router.traffic;

import dev.faas.router.endpoints.Endpoint;
import dev.faas.router.endpoints.FunctionRef;
import dev.faas.router.metrics.RouterMetrics;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts calls per function and instance, and picks the least busy instance for the next call. */
@Singleton
public class TrafficTracker {
    private final Map<FunctionRef, FunctionTraffic> functions = new ConcurrentHashMap<>();
    private final RouterMetrics metrics;

    public TrafficTracker(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    /** The function's counters, created on first use. */
    public FunctionTraffic of(FunctionRef ref) {
        return functions.computeIfAbsent(ref, r -> new FunctionTraffic(r, metrics.inFlightGauge(r, new AtomicInteger())));
    }

    /**
     * The endpoint with the fewest calls in flight (least outstanding requests); ties are broken at random so
     * that idle instances share the load.
     */
    public Endpoint leastLoaded(FunctionRef ref, List<Endpoint> endpoints) {
        return leastLoaded(ref, endpoints, 0);
    }

    /**
     * Like {@link #leastLoaded(FunctionRef, List)}, among the endpoints with fewer than {@code limit} calls in
     * flight (0: no limit); null when every endpoint is full or there is none.
     */
    public Endpoint leastLoaded(FunctionRef ref, List<Endpoint> endpoints, int limit) {
        FunctionTraffic traffic = of(ref);
        Endpoint best = null;
        int bestLoad = limit > 0 ? limit : Integer.MAX_VALUE;
        int ties = 0;
        for (Endpoint endpoint : endpoints) {
            int load = traffic.inFlight(endpoint.id());
            if (load < bestLoad) {
                best = endpoint;
                bestLoad = load;
                ties = 1;
            } else if (best != null && load == bestLoad && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                best = endpoint;
            }
        }
        return best;
    }

    /** Marks a call as started on the instance; pair with {@link #end}. */
    public void begin(FunctionRef ref, String instanceId) {
        of(ref).begin(instanceId);
    }

    /** Marks a call as finished on the instance. */
    public void end(FunctionRef ref, String instanceId) {
        of(ref).end(instanceId);
    }

    Collection<FunctionTraffic> active() {
        return functions.values().stream().filter(FunctionTraffic::hasActivity).toList();
    }
}
