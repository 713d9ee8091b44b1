package dev.faas.controller.dashboard;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one function's calls did between two readings of the router's figures: calls by status, errors
 * (5xx, and 429 refusals) and latency quantiles estimated from the histogram buckets, as Prometheus'
 * {@code histogram_quantile} does (linear within a bucket).
 */
public record CallPeriod(long calls, long errors, Map<String, Long> statuses, @Nullable Double p50Ms,
                         @Nullable Double p99Ms) {
    static final CallPeriod UNKNOWN = new CallPeriod(0, 0, Map.of(), null, null);

    /** The difference between two readings; a counter that went down (router restart) counts from zero. */
    static CallPeriod between(@Nullable RouterCallFigures.Calls before, RouterCallFigures.Calls now) {
        Map<String, Long> statuses = new TreeMap<>();
        long calls = 0;
        long errors = 0;
        for (Map.Entry<String, Double> e : now.byStatus().entrySet()) {
            double previous = before == null ? 0 : before.byStatus().getOrDefault(e.getKey(), 0.0);
            long delta = Math.round(e.getValue() >= previous ? e.getValue() - previous : e.getValue());
            if (delta > 0) {
                statuses.put(e.getKey(), delta);
                calls += delta;
                if (e.getKey().startsWith("5") || e.getKey().equals("429")) {
                    errors += delta;
                }
            }
        }
        TreeMap<Double, Double> buckets = new TreeMap<>();
        boolean reset = before != null && now.latencyBuckets().getOrDefault(Double.POSITIVE_INFINITY, 0.0)
                < before.latencyBuckets().getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        now.latencyBuckets().forEach((le, count) -> buckets.put(le,
                before == null || reset ? count : count - before.latencyBuckets().getOrDefault(le, 0.0)));
        return new CallPeriod(calls, errors, Map.copyOf(statuses), quantileMs(buckets, 0.50), quantileMs(buckets, 0.99));
    }

    /** The q-quantile in ms of cumulative bucket counts; null when the period had no calls. */
    static Double quantileMs(TreeMap<Double, Double> cumulative, double q) {
        if (cumulative.isEmpty()) {
            return null;
        }
        double total = cumulative.lastEntry().getValue();
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound * 1000; // beyond the last finite bound: that bound is all we know
                }
                double inBucket = bucket.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return (lowerBound + (bucket.getKey() - lowerBound) * fraction) * 1000;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound * 1000;
    }
}
