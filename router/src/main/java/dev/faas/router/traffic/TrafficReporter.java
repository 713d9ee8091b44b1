package dev.faas.router.traffic;

import dev.faas.router.endpoints.ControllerClient;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/** Every report interval, tells the controller about the traffic of functions that had any. */
@Singleton
public class TrafficReporter {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficReporter.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    private final TrafficTracker tracker;
    private final ControllerClient controller;
    private final String routerId = "router-" + UUID.randomUUID().toString().substring(0, 8);
    // A slow controller must not pile up reports; the next tick carries the counts instead.
    private final AtomicBoolean sending = new AtomicBoolean();

    public TrafficReporter(TrafficTracker tracker, ControllerClient controller) {
        this.tracker = tracker;
        this.controller = controller;
    }

    /** This router's id in reports. */
    public String routerId() {
        return routerId;
    }

    @Scheduled(fixedDelay = "${faas.router.report-interval:1s}", initialDelay = "${faas.router.report-interval:1s}")
    void report() {
        if (!sending.compareAndSet(false, true)) {
            return;
        }
        List<FunctionTraffic> sources = new ArrayList<>(tracker.active());
        if (sources.isEmpty()) {
            sending.set(false);
            return;
        }
        List<FunctionTrafficReport> parts = sources.stream().map(FunctionTraffic::drainForReport).toList();
        controller.reportTraffic(new TrafficReport(routerId, parts))
                .timeout(SEND_TIMEOUT)
                .doFinally(signal -> sending.set(false))
                .subscribe(ok -> { }, error -> {
                    LOG.debug("traffic report to the controller failed, retrying next tick: {}", error.toString());
                    for (int i = 0; i < sources.size(); i++) {
                        sources.get(i).restore(parts.get(i));
                    }
                });
    }
}
