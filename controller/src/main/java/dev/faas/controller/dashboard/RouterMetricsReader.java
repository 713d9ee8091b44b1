package dev.faas.controller.dashboard;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * Reads the router's {@code /metrics} ({@code faas.dashboard.router-metrics-url}, default the gateway's) for the
 * call figures only the router knows: statuses and latencies.
 */
@Singleton
public class RouterMetricsReader {
    private final RouterReading reading;

    public RouterMetricsReader(@Value("${faas.dashboard.router-metrics-url:}") String url,
                               @Value("${faas.gateway-url:http://127.0.0.1:8080}") String gatewayUrl) {
        this.reading = new RouterReading("latencies or statuses", RouterReading.url(url, gatewayUrl, "/metrics"), null);
    }

    /** The router's current figures, or {@link RouterCallFigures#NONE} when it cannot be read. */
    public RouterCallFigures read() {
        return reading.get().map(RouterCallFigures::parse).orElse(RouterCallFigures.NONE);
    }
}
