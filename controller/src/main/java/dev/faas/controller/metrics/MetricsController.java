package dev.faas.controller.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/** Serves the controller's metrics in the Prometheus text format. */
@Controller
public class MetricsController {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** The current scrape. */
    @Get("/metrics")
    @Produces(PROMETHEUS_TEXT)
    public String scrape() {
        return registry.scrape();
    }
}
