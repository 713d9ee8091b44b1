package dev.faas.controller.autoscaler;

import dev.faas.controller.function.DurationText;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;

import java.time.Duration;
import java.util.Map;

/** A function's scaling bounds and targets, read from its OpenFaaS labels. */
public record ScalingPolicy(int min, int max, boolean zeroAllowed, Duration idleTimeout, int target) {
    public static final String MIN = "com.openfaas.scale.min";
    public static final String MAX = "com.openfaas.scale.max";
    public static final String ZERO = "com.openfaas.scale.zero";
    public static final String ZERO_DURATION = "com.openfaas.scale.zero-duration";
    public static final String TARGET = "com.openfaas.scale.target";
    public static final String CONCURRENCY = "dev.faas.concurrency";
    public static final String QUEUE_SIZE = "dev.faas.queue-size";

    /** The policy of a spec; invalid labels are rejected with a message naming the label. */
    public static ScalingPolicy of(FunctionSpec spec, Duration defaultIdle) {
        Map<String, String> labels = spec.labels();
        int min = intLabel(labels, MIN, 1, 0);
        int max = intLabel(labels, MAX, 20, 1);
        if (max < min) {
            throw new InvalidFunctionException("label " + MAX + " (" + max + ") is lower than " + MIN + " (" + min
                    + "): make the maximum at least the minimum");
        }
        String zero = labels.getOrDefault(ZERO, "true").trim();
        if (!zero.equalsIgnoreCase("true") && !zero.equalsIgnoreCase("false")) {
            throw new InvalidFunctionException("label " + ZERO + " '" + zero + "' must be true or false");
        }
        Duration idle = DurationText.parse("label " + ZERO_DURATION, labels.get(ZERO_DURATION), defaultIdle);
        int target = intLabel(labels, TARGET, 10, 1);
        callLimits(spec);
        return new ScalingPolicy(min, max, Boolean.parseBoolean(zero), idle, target);
    }

    /** The spec's hard call limits; invalid labels are rejected with a message naming the label. */
    public static CallLimits callLimits(FunctionSpec spec) {
        Map<String, String> labels = spec.labels();
        return new CallLimits(intLabel(labels, CONCURRENCY, 0, 0),
                // At least 1: a call arriving at zero replicas waits in the queue for the scale-up.
                intLabel(labels, QUEUE_SIZE, CallLimits.DEFAULT_QUEUE_SIZE, 1));
    }

    /** The policy of a function without scaling labels. */
    public static ScalingPolicy defaults(Duration idleTimeout) {
        return new ScalingPolicy(1, 20, true, idleTimeout, 10);
    }

    /** The replica count to settle at when there is no traffic for the idle period. */
    public int idleReplicas() {
        return zeroAllowed ? 0 : min;
    }

    /** The fewest replicas while the function has traffic: at least one, whatever min says. */
    public int busyFloor() {
        return Math.max(1, min);
    }

    private static int intLabel(Map<String, String> labels, String name, int fallback, int lowest) {
        String value = labels.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < lowest) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidFunctionException("label " + name + " '" + value + "' must be a whole number of at least "
                    + lowest);
        }
    }
}
