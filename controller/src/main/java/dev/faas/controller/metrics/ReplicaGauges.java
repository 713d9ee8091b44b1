package dev.faas.controller.metrics;

import dev.faas.controller.function.FunctionKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/** Publishes {@code faas_function_replicas} and {@code faas_function_available_replicas} per function. */
@Singleton
public class ReplicaGauges {
    private final MeterRegistry meters;
    private final Map<FunctionKey, List<Meter>> registered = new ConcurrentHashMap<>();

    public ReplicaGauges(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Starts publishing a function's desired and ready replica counts. */
    public void register(FunctionKey key, IntSupplier desired, IntSupplier available) {
        registered.computeIfAbsent(key, k -> List.of(
                gauge("faas.function.replicas", "Desired replicas", k, desired),
                gauge("faas.function.available.replicas", "Ready replicas", k, available)));
    }

    /** Stops publishing a removed function. */
    public void remove(FunctionKey key) {
        List<Meter> gauges = registered.remove(key);
        if (gauges != null) {
            gauges.forEach(meters::remove);
        }
    }

    private Meter gauge(String name, String description, FunctionKey key, IntSupplier value) {
        return Gauge.builder(name, value, IntSupplier::getAsInt)
                .description(description)
                .tags("namespace", key.namespace(), "function", key.name())
                .strongReference(true)
                .register(meters);
    }
}
