package dev.faas.controller.dashboard;

import dev.faas.controller.function.FunctionKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the router's figures from a real Micrometer exposition built with the router's meter names. */
class CallPeriodTest {
    private final PrometheusMeterRegistry router = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Records calls exactly as the router's RouterMetrics does. */
    void call(String function, int status, long ms) {
        Counter.builder("faas.router.requests")
                .tags("namespace", "default", "function", function, "status", Integer.toString(status))
                .register(router).increment();
        Timer.builder("faas.router.request")
                .tags("namespace", "default", "function", function)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(router).record(Duration.ofMillis(ms));
    }

    @Test
    void statusesErrorsAndLatencyQuantilesOfOnePeriod() {
        FunctionKey hello = new FunctionKey("default", "hello");
        for (int i = 0; i < 50; i++) {
            call("hello", 200, 5);
        }
        RouterCallFigures before = RouterCallFigures.parse(router.scrape());
        assertEquals(50.0, before.functions().get(hello).byStatus().get("200"));

        for (int i = 0; i < 97; i++) {
            call("hello", 200, 20);
        }
        call("hello", 500, 20);
        call("hello", 429, 1);
        call("hello", 200, 900);
        call("other", 200, 1);
        CallPeriod period = CallPeriod.between(before.functions().get(hello),
                RouterCallFigures.parse(router.scrape()).functions().get(hello));

        assertEquals(100, period.calls(), "only this period's calls count");
        assertEquals(Map.of("200", 98L, "500", 1L, "429", 1L), period.statuses());
        assertEquals(2, period.errors(), "5xx and 429 refusals are errors");
        assertNotNull(period.p50Ms());
        // Buckets are coarse (Micrometer's percentile histogram), so the estimate lies within the bucket of 20 ms.
        assertTrue(period.p50Ms() > 15 && period.p50Ms() <= 25, "p50 " + period.p50Ms());
        assertTrue(period.p99Ms() >= period.p50Ms(), "p99 " + period.p99Ms());
    }

    @Test
    void aQuietPeriodHasNoLatency() {
        call("hello", 200, 5);
        RouterCallFigures.Calls now = RouterCallFigures.parse(router.scrape()).functions()
                .get(new FunctionKey("default", "hello"));
        CallPeriod quiet = CallPeriod.between(now, now);
        assertEquals(0, quiet.calls());
        assertNull(quiet.p50Ms());
        assertNull(quiet.p99Ms());
    }

    @Test
    void aRestartedRouterCountsFromZero() {
        for (int i = 0; i < 10; i++) {
            call("hello", 200, 5);
        }
        RouterCallFigures.Calls before = RouterCallFigures.parse(router.scrape()).functions()
                .get(new FunctionKey("default", "hello"));
        PrometheusMeterRegistry restarted = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("faas.router.requests").tags("namespace", "default", "function", "hello", "status", "200")
                .register(restarted).increment(3);
        RouterCallFigures.Calls after = RouterCallFigures.parse(restarted.scrape()).functions()
                .get(new FunctionKey("default", "hello"));
        assertEquals(3, CallPeriod.between(before, after).calls());
    }

    @Test
    void ignoresWhatItDoesNotKnow() {
        RouterCallFigures figures = RouterCallFigures.parse("# HELP x\nfaas_router_in_flight{namespace=\"default\","
                + "function=\"a\"} 3\ngarbage{\nfaas_router_requests_total{namespace=\"default\"} 1\n");
        assertTrue(figures.functions().isEmpty());
    }
}
