package dev.faas.controller.dashboard;

import dev.faas.controller.function.FunctionKey;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last {@code faas.dashboard.window} samples of each function, in memory: a sliding window, so memory
 * stays bounded however long the controller runs.
 */
@Singleton
public class SeriesWindow {
    private final int capacity;
    private final Map<FunctionKey, Deque<FunctionSample>> series = new ConcurrentHashMap<>();

    public SeriesWindow(@Value("${faas.dashboard.window:300}") int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("faas.dashboard.window must be at least 1 sample, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** How many samples are kept per function. */
    public int capacity() {
        return capacity;
    }

    /** Appends a sample, dropping the oldest one when the window is full. */
    public void add(FunctionSample sample) {
        Deque<FunctionSample> samples = series.computeIfAbsent(new FunctionKey(sample.namespace(), sample.name()),
                k -> new ArrayDeque<>(capacity));
        synchronized (samples) {
            samples.addLast(sample);
            while (samples.size() > capacity) {
                samples.removeFirst();
            }
        }
    }

    /** The kept samples of a function, oldest first (empty when none). */
    public List<FunctionSample> samples(FunctionKey key) {
        Deque<FunctionSample> samples = series.get(key);
        if (samples == null) {
            return List.of();
        }
        synchronized (samples) {
            return List.copyOf(new ArrayList<>(samples));
        }
    }

    /** The functions that have samples. */
    public Set<FunctionKey> functions() {
        return Set.copyOf(series.keySet());
    }

    /** Drops the series of functions that are gone. */
    public void retainOnly(Set<FunctionKey> present) {
        series.keySet().removeIf(key -> !present.contains(key));
    }
}
