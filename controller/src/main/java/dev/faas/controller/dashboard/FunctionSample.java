package dev.faas.controller.dashboard;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * One function's figures at one sampling instant ({@code at}, epoch ms). Rates and call figures cover the
 * period since the previous sample; latency and statuses are null/empty when the router's metrics could not
 * be read. {@code coldStarts} are those that finished since the previous sample.
 */
@Introspected
public record FunctionSample(
        long at,
        String namespace,
        String name,
        String image,
        int replicas,
        int readyReplicas,
        long invocations,
        int inFlight,
        double requestsPerSecond,
        long calls,
        long errors,
        Map<String, Long> statuses,
        @Nullable Double p50Ms,
        @Nullable Double p99Ms,
        List<DashboardColdStart> coldStarts) {
}
