package dev.faas.controller.autoscaler;

import dev.faas.controller.runtime.ReplicaControl;
import dev.faas.controller.runtime.ScaleTarget;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code faas.autoscaler.interval}, sets each function's desired replicas from the routers' traffic
 * reports (see {@link ScaleDecision}) and lets the runtime act on it; this also heals any drift.
 */
@Singleton
public class Autoscaler implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);

    private final ReplicaControl replicas;
    private final TrafficLedger traffic;
    private final Duration interval;
    private final Duration stableWindow;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faas-autoscaler");
        t.setDaemon(true);
        return t;
    });

    public Autoscaler(ReplicaControl replicas, TrafficLedger traffic,
                      @Value("${faas.autoscaler.interval:1s}") Duration interval,
                      @Value("${faas.autoscaler.scale-down-delay:10s}") Duration stableWindow) {
        this.replicas = replicas;
        this.traffic = traffic;
        this.interval = interval;
        this.stableWindow = stableWindow;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over every function. */
    void tick() {
        Instant now = Instant.now();
        for (ScaleTarget f : replicas.scaleTargets()) {
            try {
                ScalingPolicy policy = f.policy();
                TrafficLedger.FunctionTraffic t = traffic.traffic(f.key(), now);
                int desired = ScaleDecision.desired(policy, f.desired(), t.inFlight(), t.lastActivity(),
                        f.lastChange(), stableWindow, now);
                replicas.autoscale(f, desired);
            } catch (RuntimeException e) {
                LOG.warn("autoscaling {} failed: {}", f.key(), e.getMessage());
            }
        }
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
    }
}
