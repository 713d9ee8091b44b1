package dev.faas.controller.autoscaler;

import dev.faas.controller.reconciler.FunctionReconciler;
import dev.faas.controller.reconciler.ManagedFunction;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Every {@code faas.autoscaler.interval}, sets each function's desired replicas from the routers' traffic
 * reports (see {@link ScaleDecision}) and lets the reconciler act on it; this also heals any drift.
 */
@Singleton
public class Autoscaler {
    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);

    private final FunctionReconciler reconciler;
    private final TrafficLedger traffic;
    private final Duration stableWindow;

    public Autoscaler(FunctionReconciler reconciler, TrafficLedger traffic,
                      @Value("${faas.autoscaler.scale-down-delay:10s}") Duration stableWindow) {
        this.reconciler = reconciler;
        this.traffic = traffic;
        this.stableWindow = stableWindow;
    }

    /** One pass over every function. */
    @Scheduled(fixedDelay = "${faas.autoscaler.interval:1s}", initialDelay = "${faas.autoscaler.interval:1s}")
    public void tick() {
        Instant now = Instant.now();
        for (ManagedFunction f : reconciler.functions()) {
            try {
                ScalingPolicy policy = f.policy();
                if (policy == null) {
                    continue; // its first rollout is still in progress
                }
                TrafficLedger.FunctionTraffic t = traffic.traffic(f.key(), now);
                int desired = ScaleDecision.desired(policy, f.desired(), t.inFlight(), t.lastActivity(),
                        f.lastChange(), stableWindow, now);
                reconciler.autoscale(f, desired);
            } catch (RuntimeException e) {
                LOG.warn("autoscaling {} failed: {}", f.key(), e.getMessage());
            }
        }
    }
}
