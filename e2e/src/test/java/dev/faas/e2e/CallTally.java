package dev.faas.e2e;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counts the outcomes of many calls, thread-safely, and keeps one example of each kind of failure to print. */
final class CallTally {
    private final String label;
    private final LongAdder successes = new LongAdder();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, String> examples = new ConcurrentHashMap<>();

    CallTally(String label) {
        this.label = label;
    }

    void success() {
        successes.increment();
    }

    /** One failed call, grouped by {@code kind} (e.g. the status, or "wrong body"); {@code detail} is an example. */
    void failure(String kind, String detail) {
        failures.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        examples.putIfAbsent(kind, detail);
    }

    long successes() {
        return successes.sum();
    }

    long failures() {
        return failures.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    int failures(String kind) {
        AtomicInteger count = failures.get(kind);
        return count == null ? 0 : count.get();
    }

    /** A one-paragraph summary: counts, then each kind of failure with an example. */
    String summary() {
        StringBuilder text = new StringBuilder(label + ": " + successes() + " succeeded, " + failures() + " failed");
        new TreeMap<>(failures).forEach((kind, count) -> text.append("\n  ").append(count).append(" × ").append(kind)
                .append(", e.g. ").append(examples.get(kind)));
        return text.toString();
    }

    /** Prints the summary to the test output, where the counts are wanted even when the test passes. */
    CallTally print() {
        System.out.println(summary());
        return this;
    }
}
