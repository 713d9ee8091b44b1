package dev.faas.controller.autoscaler;

import dev.faas.controller.function.FunctionKey;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the routers report about each function: requests counted so far, calls in flight (per router and
 * per instance) and when the function last had activity. A router's report goes stale after three report
 * periods, because routers stop reporting a function once it has no traffic.
 */
@Singleton
public class TrafficLedger {
    private final Duration reportPeriod;
    private final Map<FunctionKey, FunctionLedger> functions = new ConcurrentHashMap<>();

    public TrafficLedger(@Value("${faas.autoscaler.report-period:1s}") Duration reportPeriod) {
        this.reportPeriod = reportPeriod;
    }

    /** How often routers report; draining waits for two of these. */
    public Duration reportPeriod() {
        return reportPeriod;
    }

    /** Records one router's report about one function. */
    public void record(String router, FunctionKey key, long requests, int inFlight,
                       Map<String, Integer> instanceInFlight, Instant at) {
        FunctionLedger ledger = functions.computeIfAbsent(key, k -> new FunctionLedger());
        synchronized (ledger) {
            ledger.totalRequests += Math.max(0, requests);
            ledger.routers.put(router, new RouterReport(Math.max(0, inFlight),
                    instanceInFlight == null ? Map.of() : Map.copyOf(instanceInFlight), at));
            if (requests > 0 || inFlight > 0) {
                ledger.lastActivity = at;
            }
        }
    }

    /** Notes activity that did not come from a router report (a deploy, an activation). */
    public void touch(FunctionKey key, Instant at) {
        FunctionLedger ledger = functions.computeIfAbsent(key, k -> new FunctionLedger());
        synchronized (ledger) {
            if (ledger.lastActivity == null || ledger.lastActivity.isBefore(at)) {
                ledger.lastActivity = at;
            }
        }
    }

    /** The function's traffic as of {@code now}. */
    public FunctionTraffic traffic(FunctionKey key, Instant now) {
        FunctionLedger ledger = functions.get(key);
        if (ledger == null) {
            return new FunctionTraffic(0, 0, null);
        }
        synchronized (ledger) {
            int inFlight = ledger.routers.values().stream().filter(r -> fresh(r, now)).mapToInt(RouterReport::inFlight).sum();
            return new FunctionTraffic(ledger.totalRequests, inFlight, ledger.lastActivity);
        }
    }

    /** Calls in flight on one instance according to the fresh router reports. */
    public int instanceInFlight(FunctionKey key, String instanceId, Instant now) {
        FunctionLedger ledger = functions.get(key);
        if (ledger == null) {
            return 0;
        }
        synchronized (ledger) {
            return ledger.routers.values().stream().filter(r -> fresh(r, now))
                    .mapToInt(r -> r.instanceInFlight().getOrDefault(instanceId, 0)).sum();
        }
    }

    /** Drops everything known about a removed function. */
    public void forget(FunctionKey key) {
        functions.remove(key);
    }

    private boolean fresh(RouterReport report, Instant now) {
        return report.at().plus(reportPeriod.multipliedBy(3)).isAfter(now);
    }

    /** A function's traffic: all requests counted, calls in flight now, and the last activity (null if none). */
    public record FunctionTraffic(long totalRequests, int inFlight, Instant lastActivity) {
    }

    private record RouterReport(int inFlight, Map<String, Integer> instanceInFlight, Instant at) {
    }

    private static final class FunctionLedger {
        private final Map<String, RouterReport> routers = new ConcurrentHashMap<>();
        private long totalRequests;
        private Instant lastActivity;
    }
}
