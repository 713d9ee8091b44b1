package dev.faas.router.metrics;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/** Serves {@code GET /metrics} in the Prometheus text format. */
@Controller("/metrics")
public class MetricsController {
    private final RouterMetrics metrics;

    public MetricsController(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    @Get
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String scrape() {
        return metrics.scrape();
    }
}
