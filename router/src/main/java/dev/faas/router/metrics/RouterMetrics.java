package dev.faas.router.metrics;

import dev.faas.router.calls.RecentCall;
import dev.faas.router.calls.RecentCalls;
import dev.faas.router.endpoints.FunctionRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The router's Prometheus metrics (calls by status, call latency, calls in flight and held, retries) and, for the
 * dashboard, each function's {@link RecentCalls}: the one place every finished call passes, fast path or not.
 */
@Singleton
public class RouterMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter retries = Counter.builder("faas.router.retries")
            .description("Calls sent again to another instance because the first refused the connection")
            .register(registry);
    private final Counter fastPathCalls = Counter.builder("faas.router.fast.path.calls")
            .description("Calls forwarded on raw Netty (endpoints known, a slot free at once); the rest take the"
                    + " general path")
            .register(registry);
    private final Map<CallKey, Counter> callCounters = new ConcurrentHashMap<>();
    private final Map<FunctionRef, Timer> callTimers = new ConcurrentHashMap<>();
    private final RecentCalls recentCalls;

    public RouterMetrics(RecentCalls recentCalls) {
        this.recentCalls = recentCalls;
    }

    /** Counts one finished call and its latency up to the last byte of its response, and keeps it as recent. */
    public void recordCall(FunctionRef ref, RecentCall call) {
        int status = call.status();
        // Meters are looked up once per function and status, not built and registered again on every call.
        callCounters.computeIfAbsent(new CallKey(ref, status), key -> Counter.builder("faas.router.requests")
                        .description("Function calls by response status")
                        .tags("namespace", ref.namespace(), "function", ref.name(), "status", Integer.toString(status))
                        .register(registry))
                .increment();
        callTimers.computeIfAbsent(ref, r -> Timer.builder("faas.router.request")
                        .description("Time from arrival to the last byte of the response")
                        .tags("namespace", ref.namespace(), "function", ref.name())
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(5))
                        .register(registry))
                .record(call.durationNanos(), TimeUnit.NANOSECONDS);
        recentCalls.record(ref, call);
    }

    /** Counts one call taken by the fast path. */
    public void recordFastPathCall() {
        fastPathCalls.increment();
    }

    /** Counts one retry after a refused connection. */
    public void recordRetry() {
        retries.increment();
    }

    /** Publishes the function's in-flight counter as {@code faas_router_in_flight}; returns the counter. */
    public AtomicInteger inFlightGauge(FunctionRef ref, AtomicInteger counter) {
        return gauge("faas.router.in.flight", "Function calls in flight", ref, counter);
    }

    /** Publishes the function's held-call counter as {@code faas_router_held_requests}; returns the counter. */
    public AtomicInteger heldGauge(FunctionRef ref, AtomicInteger counter) {
        return gauge("faas.router.held.requests", "Calls waiting for the function to get an instance", ref, counter);
    }

    /** Publishes the function's count of calls waiting for a free instance as {@code faas_router_queue_depth}. */
    public AtomicInteger queueDepthGauge(FunctionRef ref, AtomicInteger counter) {
        return gauge("faas.router.queue.depth", "Calls waiting for a free slot on an instance of the function", ref,
                counter);
    }

    /** The Prometheus text exposition of all metrics. */
    public String scrape() {
        return registry.scrape();
    }

    @PreDestroy
    void close() {
        registry.close();
    }

    private AtomicInteger gauge(String name, String description, FunctionRef ref, AtomicInteger counter) {
        Gauge.builder(name, counter, AtomicInteger::get)
                .description(description)
                .tags("namespace", ref.namespace(), "function", ref.name())
                .register(registry);
        return counter;
    }

    private record CallKey(FunctionRef ref, int status) {
    }
}
