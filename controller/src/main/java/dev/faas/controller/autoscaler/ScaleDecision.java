package dev.faas.controller.autoscaler;

import java.time.Duration;
import java.time.Instant;

/**
 * The scaling rule, free of side effects: scale up at once to cover the calls in flight, scale down one step
 * at a time once the count has been stable, and settle at the idle count after the idle period.
 */
public final class ScaleDecision {
    private ScaleDecision() {
    }

    /**
     * The replica count the function should have now.
     *
     * @param current      the desired count so far
     * @param inFlight     calls in flight across routers
     * @param lastActivity last request, in-flight call, deploy or activation (null = never)
     * @param lastChange   when the desired count last changed
     * @param stableWindow how long the count must hold before a step down
     */
    public static int desired(ScalingPolicy policy, int current, int inFlight, Instant lastActivity,
                              Instant lastChange, Duration stableWindow, Instant now) {
        boolean idle = inFlight == 0
                && (lastActivity == null || !lastActivity.plus(policy.idleTimeout()).isAfter(now));
        if (idle) {
            return policy.idleReplicas();
        }
        if (inFlight == 0 && current == 0) {
            return 0; // scaled to zero and quiet: the activator wakes it on the next call
        }
        int wanted = (int) Math.ceil(inFlight / (double) policy.target());
        wanted = Math.max(policy.busyFloor(), Math.min(policy.max(), wanted));
        if (wanted > current) {
            return wanted;
        }
        if (wanted < current && !lastChange.plus(stableWindow).isAfter(now)) {
            return current - 1;
        }
        return Math.min(current, policy.max());
    }
}
