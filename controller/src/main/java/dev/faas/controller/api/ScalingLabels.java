package dev.faas.controller.api;

import dev.faas.controller.function.InvalidFunctionException;

import java.util.Map;

/** Checks the {@code com.openfaas.scale.*} labels before a deployment runs; defaults as in DESIGN.md. */
public final class ScalingLabels {
    static final String MIN = "com.openfaas.scale.min";
    static final String MAX = "com.openfaas.scale.max";
    static final String TARGET = "com.openfaas.scale.target";
    static final String ZERO = "com.openfaas.scale.zero";
    static final String ZERO_DURATION = "com.openfaas.scale.zero-duration";
    private static final int DEFAULT_MIN = 1;
    private static final int DEFAULT_MAX = 20;

    private ScalingLabels() {
    }

    /** Throws {@link InvalidFunctionException} naming the first label that is wrong. */
    public static void validate(Map<String, String> labels) {
        Integer min = nonNegative(labels, MIN);
        Integer max = nonNegative(labels, MAX);
        nonNegative(labels, TARGET);
        int effectiveMin = min == null ? DEFAULT_MIN : min;
        int effectiveMax = max == null ? DEFAULT_MAX : max;
        if (effectiveMin > effectiveMax) {
            throw new InvalidFunctionException("label " + MIN + " (" + effectiveMin + (min == null ? ", the default" : "")
                    + ") is greater than " + MAX + " (" + effectiveMax + (max == null ? ", the default" : "")
                    + "): make min less than or equal to max");
        }
        String zero = labels.get(ZERO);
        if (zero != null && !zero.equals("true") && !zero.equals("false")) {
            throw new InvalidFunctionException("label " + ZERO + " '" + zero + "' must be true or false");
        }
        String idle = labels.get(ZERO_DURATION);
        if (idle != null) {
            DurationText.parse("label " + ZERO_DURATION, idle);
        }
    }

    private static Integer nonNegative(Map<String, String> labels, String name) {
        String text = labels.get(name);
        if (text == null) {
            return null;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidFunctionException("label " + name + " '" + text + "' must be a whole number");
        }
        if (value < 0) {
            throw new InvalidFunctionException("label " + name + " '" + text + "' must not be negative");
        }
        return value;
    }
}
