package dev.faas.controller.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Provides the Prometheus registry; it is injectable as a plain {@code MeterRegistry} too. */
@Factory
public class MetricsFactory {

    @Singleton
    @Bean(preDestroy = "close")
    PrometheusMeterRegistry prometheusMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
}
