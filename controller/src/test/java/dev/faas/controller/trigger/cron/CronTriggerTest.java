package dev.faas.controller.trigger.cron;

import dev.faas.controller.api.FakeRuntime;
import dev.faas.controller.async.FakeGateway;
import dev.faas.controller.runtime.FunctionRuntime;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cron triggers on the real controller, functions called through a fake router. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CronTriggerTest implements TestPropertyProvider {
    static final FakeGateway GATEWAY = start();

    @Inject
    @Client("/")
    HttpClient http;

    @MockBean(FunctionRuntime.class)
    FunctionRuntime runtime() {
        return new FakeRuntime();
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("faas.state-dir", Files.createTempDirectory("faas-cron-test").toString(),
                    "faas.gateway-url", GATEWAY.url());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopGateway() {
        GATEWAY.close();
    }

    @Test
    void aOneSecondScheduleFiresOnTimeAsCloudEventsAndStopsWhenTheFunctionIsRemoved() throws Exception {
        deploy("ticker", Map.of("schedule", "* * * * * *", "schedule.timezone", "Europe/Paris"));
        Thread.sleep(5_500);
        List<FakeGateway.Arrival> ticks = ticks("ticker");
        System.out.println("ticks: " + ticks.stream().map(t -> t.headers().get("ce-time") + " arrived " + t.at()).toList());
        assertTrue(ticks.size() >= 4 && ticks.size() <= 7, ticks.size() + " ticks in 5.5 s");
        Instant previous = null;
        for (FakeGateway.Arrival tick : ticks) {
            Instant scheduled = OffsetDateTime.parse(tick.headers().get("ce-time")).toInstant();
            long lateMs = Duration.between(scheduled, tick.at()).toMillis();
            assertTrue(lateMs >= 0 && lateMs <= 1000, "tick due " + scheduled + " arrived " + lateMs + " ms later");
            if (previous != null) {
                assertEquals(Duration.ofSeconds(1), Duration.between(previous, scheduled), "one run per second, none skipped");
            }
            previous = scheduled;
            assertEquals("1.0", tick.headers().get("ce-specversion"));
            assertEquals("dev.faas.cron.tick", tick.headers().get("ce-type"));
            assertEquals("/faas/cron/default/ticker", tick.headers().get("ce-source"));
            assertEquals("application/json", tick.headers().get("content-type"));
            assertTrue(tick.body().contains("\"schedule\":\"* * * * * *\""), tick.body());
            assertTrue(tick.body().contains("\"timezone\":\"Europe/Paris\""), tick.body());
        }

        Map<?, ?> status = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/triggers/ticker")), Map.class);
        List<?> triggers = (List<?>) status.get("triggers");
        Map<?, ?> cron = (Map<?, ?>) triggers.get(0);
        assertEquals("cron", cron.get("kind"));
        assertTrue(((Number) cron.get("delivered")).intValue() >= 3, cron.toString());
        Map<?, ?> functionStatus = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/function/ticker")), Map.class);
        assertEquals("cron", ((Map<?, ?>) ((List<?>) functionStatus.get("triggers")).get(0)).get("kind"),
                "the function's status shows its triggers");
        String metrics = http.toBlocking().retrieve(HttpRequest.GET("/metrics"));
        assertTrue(metrics.contains("faas_trigger_events_total{function=\"ticker\",namespace=\"default\",outcome=\"delivered\",trigger=\"cron\"}"),
                "trigger counts in /metrics");

        http.toBlocking().exchange(authed(HttpRequest.DELETE("/system/functions", Map.of("functionName", "ticker"))));
        Thread.sleep(1_200); // a run already queued when the function went away may still arrive
        int afterRemoval = ticks("ticker").size();
        Thread.sleep(2_500);
        assertEquals(afterRemoval, ticks("ticker").size(), "no runs after the function was removed");
    }

    @Test
    void badCronExpressionOrTimeZoneIsA400WithTheReason() {
        HttpClientResponseException bad = assertThrows(HttpClientResponseException.class,
                () -> deploy("bad-cron", Map.of("schedule", "*/5 * * *")));
        assertEquals(400, bad.code());
        String message = String.valueOf(bad.getResponse().getBody(Map.class).orElseThrow().get("message"));
        assertTrue(message.contains("annotation 'schedule' of function 'bad-cron' is not a valid cron expression")
                && message.contains("has 4 fields"), message);

        HttpClientResponseException zone = assertThrows(HttpClientResponseException.class,
                () -> deploy("bad-zone", Map.of("schedule", "0 * * * *", "schedule.timezone", "Mars/Olympus")));
        assertEquals(400, zone.code());
        assertTrue(String.valueOf(zone.getResponse().getBody(Map.class).orElseThrow().get("message"))
                .contains("'Mars/Olympus'"));
    }

    private void deploy(String name, Map<String, String> annotations) {
        http.toBlocking().exchange(authed(HttpRequest.POST("/system/functions", Map.of("service", name,
                "image", "faas.local/default/" + name + ":1", "annotations", annotations))));
    }

    private static List<FakeGateway.Arrival> ticks(String function) {
        return GATEWAY.arrivals.stream().filter(a -> a.function().equals(function)).toList();
    }

    private static <T> MutableHttpRequest<T> authed(MutableHttpRequest<T> request) {
        return request.basicAuth("admin", "test-password");
    }

    private static FakeGateway start() {
        try {
            return new FakeGateway();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
