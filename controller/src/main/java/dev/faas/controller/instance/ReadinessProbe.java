package dev.faas.controller.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.backend.InstanceExit;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.backend.Backend;
import dev.faas.controller.logs.InstanceLog;
import dev.faas.controller.logs.InstanceLogLine;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls an instance's {@code GET /_/health} until it answers 200: every 10 ms during the first second (JVM
 * instances are often ready in ~150 ms, and each poll delay adds to the cold start), then backing off.
 */
@Singleton
public class ReadinessProbe {
    private static final Duration FAST_PHASE = Duration.ofSeconds(1);
    private static final long FAST_DELAY_MS = 10;
    private static final long MAX_DELAY_MS = 250;
    private static final int LOG_LINES_ON_EXIT = 15;
    /** A health check the runtime answers once its start has ended, or after 1 s (runtimes without it answer at once). */
    private static final String WAITING_HEALTH = "/_/health?wait=1000";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faas-readiness");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json;
    private final Backend backend;
    private final Duration startTimeout;

    public ReadinessProbe(ObjectMapper json, Backend backend,
                          @Value("${faas.runtime.start-timeout:60s}") Duration startTimeout) {
        this.json = json;
        this.backend = backend;
        this.startTimeout = startTimeout;
    }

    /**
     * Completes with the instance's reported timings once it answers 200; exceptionally with
     * {@link InstanceStartFailedException} when it reports a failure, exits, or the start timeout passes.
     */
    public CompletableFuture<StartupTimings> awaitReady(InstanceHandle instance, CompletableFuture<InstanceExit> exit) {
        CompletableFuture<StartupTimings> result = new CompletableFuture<>();
        exit.thenAccept(e -> result.completeExceptionally(new InstanceStartFailedException(
                "instance " + instance.instanceId() + " " + e.reason() + " before it was ready"
                        + logExcerpt(instance))));
        long startedNanos = System.nanoTime();
        poll(instance, result, startedNanos, FAST_DELAY_MS);
        return result;
    }

    /** One health check (for adopting instances after a restart): whether it answers 200. */
    public CompletableFuture<Boolean> isHealthy(InstanceHandle instance) {
        return http.sendAsync(healthRequest(instance.url(), "/_/health"), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> r.statusCode() == 200)
                .exceptionally(e -> false);
    }

    private void poll(InstanceHandle instance, CompletableFuture<StartupTimings> result, long startedNanos,
                      long delayMs) {
        if (result.isDone()) {
            return;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
        if (elapsed.compareTo(startTimeout) > 0) {
            result.completeExceptionally(new InstanceStartFailedException("instance " + instance.instanceId()
                    + " did not answer 200 on /_/health within " + startTimeout.toSeconds() + " s"
                    + logExcerpt(instance)));
            return;
        }
        // The runtime holds this check until its start ends (or 1 s passes): readiness is heard the moment it comes.
        http.sendAsync(healthRequest(instance.url(), WAITING_HEALTH), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, error) -> {
                    if (response != null && response.statusCode() == 200) {
                        result.complete(timings(response.body()));
                        return;
                    }
                    if (response != null) {
                        String failure = reportedFailure(response.body());
                        if (failure != null) {
                            result.completeExceptionally(new InstanceStartFailedException(failure));
                            return;
                        }
                    }
                    long next = elapsed.compareTo(FAST_PHASE) < 0 ? FAST_DELAY_MS : Math.min(delayMs * 2, MAX_DELAY_MS);
                    if (!scheduler.isShutdown()) {
                        scheduler.schedule(() -> poll(instance, result, startedNanos, next), next, TimeUnit.MILLISECONDS);
                    }
                });
    }

    private HttpRequest healthRequest(URI base, String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(2)).GET().build();
    }

    private StartupTimings timings(String body) {
        JsonNode node = parse(body);
        if (node == null) {
            return StartupTimings.none();
        }
        return new StartupTimings(longOrNull(node, "processStart"), longOrNull(node, "runtimeReady"),
                longOrNull(node, "handlerLoaded"));
    }

    private String reportedFailure(String body) {
        JsonNode node = parse(body);
        if (node != null && "failed".equals(node.path("status").asText())) {
            String message = node.path("message").asText("");
            return message.isEmpty() ? "the instance reported that it failed to start" : message;
        }
        return null;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static Long longOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.canConvertToLong() ? value.asLong() : null;
    }

    private String logExcerpt(InstanceHandle instance) {
        List<String> lines;
        try (InstanceLog log = backend.logs(instance)) {
            lines = log.tail(LOG_LINES_ON_EXIT).stream().map(InstanceLogLine::text).filter(l -> !l.isEmpty()).toList();
        } catch (RuntimeException e) {
            return ""; // the excerpt only helps; the failure itself is reported either way
        }
        return lines.isEmpty() ? "" : "; last lines of its log:\n" + String.join("\n", lines);
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
    }
}
