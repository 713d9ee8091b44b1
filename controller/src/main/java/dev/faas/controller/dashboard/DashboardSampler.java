package dev.faas.controller.dashboard;

import dev.faas.controller.autoscaler.TrafficLedger;
import dev.faas.controller.coldstart.ColdStartRecorder;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.runtime.RuntimeStatus;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Every {@code faas.dashboard.sample-interval}, samples what the controller already knows about each function —
 * replicas, the routers' traffic reports, cold-start records — plus the router's call statuses and latencies,
 * into the {@link SeriesWindow}, reads the router's recent calls into the {@link RecentCallsBoard}, and publishes
 * the tick to connected dashboards.
 */
@Singleton
public class DashboardSampler implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardSampler.class);

    private final FunctionStore store;
    private final FunctionRuntime runtime;
    private final TrafficLedger traffic;
    private final ColdStartRecorder coldStarts;
    private final RouterMetricsReader router;
    private final RouterCallsReader routerCalls;
    private final RecentCallsBoard recentCalls;
    private final SeriesWindow window;
    private final DashboardFeed feed;
    private final Duration interval;
    private final Map<FunctionKey, Previous> previous = new HashMap<>();
    private RouterCallFigures previousRouter = RouterCallFigures.NONE;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faas-dashboard-sampler");
        t.setDaemon(true);
        return t;
    });

    public DashboardSampler(FunctionStore store, FunctionRuntime runtime, TrafficLedger traffic,
                            ColdStartRecorder coldStarts, RouterMetricsReader router, RouterCallsReader routerCalls,
                            RecentCallsBoard recentCalls, SeriesWindow window,
                            DashboardFeed feed, @Value("${faas.dashboard.sample-interval:1s}") Duration interval) {
        this.store = store;
        this.runtime = runtime;
        this.traffic = traffic;
        this.coldStarts = coldStarts;
        this.router = router;
        this.routerCalls = routerCalls;
        this.recentCalls = recentCalls;
        this.window = window;
        this.feed = feed;
        this.interval = interval;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        scheduler.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How often samples are taken. */
    public Duration interval() {
        return interval;
    }

    private void sampleQuietly() {
        try {
            sample(Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("dashboard sampling failed: {}", e.getMessage());
        }
    }

    /** Takes one sample of every function; synchronized because tests call it beside the scheduler. */
    synchronized DashboardTick sample(Instant now) {
        RouterCallFigures routerNow = router.read();
        List<FunctionSample> samples = new ArrayList<>();
        Set<FunctionKey> present = new HashSet<>();
        for (FunctionSpec spec : store.list()) {
            FunctionKey key = spec.key();
            present.add(key);
            samples.add(sampleOf(spec, key, now, routerNow));
        }
        previous.keySet().retainAll(present);
        window.retainOnly(present);
        samples.forEach(window::add);
        if (routerNow != RouterCallFigures.NONE) {
            previousRouter = routerNow;
        }
        List<FunctionCalls> changedCalls = routerCalls.read().map(read -> recentCalls.update(read, present))
                .orElseGet(() -> {
                    recentCalls.retainOnly(present);
                    return List.of();
                });
        DashboardTick tick = new DashboardTick(now.toEpochMilli(), List.copyOf(samples), changedCalls);
        feed.publish(tick);
        return tick;
    }

    private FunctionSample sampleOf(FunctionSpec spec, FunctionKey key, Instant now, RouterCallFigures routerNow) {
        RuntimeStatus status = runtime.status(key);
        TrafficLedger.FunctionTraffic reported = traffic.traffic(key, now);
        Previous before = previous.get(key);
        double seconds = before == null ? 0 : Math.max(0.001, (now.toEpochMilli() - before.at()) / 1000.0);
        double rate = before == null ? 0 : Math.max(0, reported.totalRequests() - before.invocations()) / seconds;

        RouterCallFigures.Calls calls = routerNow.functions().get(key);
        CallPeriod period = calls == null ? CallPeriod.UNKNOWN
                : CallPeriod.between(previousRouter.functions().get(key), calls);

        // Cold starts already kept at the first sample are in the snapshot; later ones are sent once, when finished.
        List<DashboardColdStart> finished = DashboardColdStart.finished(coldStarts.summary(key));
        Set<String> seen = before == null ? Set.of() : before.coldStartsSeen();
        List<DashboardColdStart> fresh = before == null ? List.of()
                : finished.stream().filter(c -> !seen.contains(c.id())).toList();
        previous.put(key, new Previous(now.toEpochMilli(), reported.totalRequests(),
                finished.stream().map(DashboardColdStart::id).collect(Collectors.toUnmodifiableSet())));
        return new FunctionSample(now.toEpochMilli(), key.namespace(), key.name(), spec.image(),
                status == null ? 0 : status.replicas(), status == null ? 0 : status.availableReplicas(),
                reported.totalRequests(), reported.inFlight(), rate, period.calls(), period.errors(), period.statuses(),
                period.p50Ms(), period.p99Ms(), fresh);
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
    }

    /** What the previous sample of a function saw. */
    private record Previous(long at, long invocations, Set<String> coldStartsSeen) {
    }
}
