package dev.faas.controller.reconciler;

import dev.faas.controller.autoscaler.TrafficLedger;
import dev.faas.controller.instance.Instance;
import dev.faas.controller.instance.InstanceLauncher;
import io.micronaut.context.annotation.Value;
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
 * Takes an instance out of service without dropping calls: it leaves the endpoints at once (DRAINING), and is
 * stopped only when the routers have reported no calls in flight on it for two report periods (routers may
 * still hold the old endpoint list until their next refresh), or when the drain timeout passes.
 */
@Singleton
public class InstanceDrainer {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceDrainer.class);

    private final TrafficLedger traffic;
    private final InstanceLauncher launcher;
    private final Duration drainTimeout;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faas-drainer");
        t.setDaemon(true);
        return t;
    });

    public InstanceDrainer(TrafficLedger traffic, InstanceLauncher launcher,
                           @Value("${faas.autoscaler.drain-timeout:2m}") Duration drainTimeout) {
        this.traffic = traffic;
        this.launcher = launcher;
        this.drainTimeout = drainTimeout;
    }

    /** Starts draining; the instance is stopped later, once it is quiet. */
    public void drain(Instance instance) {
        if (instance.markDraining(Instant.now())) {
            LOG.info("draining instance {} of {}", instance.id(), instance.function());
            schedule(instance);
        }
    }

    private void check(Instance instance) {
        if (instance.state().isEnded()) {
            return;
        }
        Instant now = Instant.now();
        Duration draining = Duration.between(instance.drainingSince(), now);
        boolean quiet = draining.compareTo(traffic.reportPeriod().multipliedBy(2)) >= 0
                && traffic.instanceInFlight(instance.function(), instance.id(), now) == 0;
        if (quiet || draining.compareTo(drainTimeout) >= 0) {
            if (!quiet) {
                LOG.warn("instance {} still had calls in flight after the drain timeout; stopping it", instance.id());
            }
            launcher.stop(instance);
        } else {
            schedule(instance);
        }
    }

    private void schedule(Instance instance) {
        long delay = Math.max(20, Math.min(200, traffic.reportPeriod().toMillis() / 2));
        if (!scheduler.isShutdown()) {
            scheduler.schedule(() -> check(instance), delay, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
    }
}
