package dev.faas.controller.activator;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/** A router's periodic report: per function, requests since the last report and calls in flight now. */
@Introspected
public record TrafficReport(@Nullable String router, @Nullable List<FunctionTraffic> functions) {

    /** One function's counts; {@code instances} maps instance id to its calls in flight. */
    @Introspected
    public record FunctionTraffic(@Nullable String namespace, String name, long requests, int inFlight,
                                  @Nullable Map<String, Integer> instances) {
    }
}
