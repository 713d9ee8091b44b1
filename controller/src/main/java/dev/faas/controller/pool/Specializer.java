package dev.faas.controller.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.backend.InstanceExit;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.instance.InstanceStartFailedException;
import dev.faas.controller.instance.StartupTimings;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a generic runtime its function: {@code POST /_/specialize} with the instance's token and the function's
 * environment. Completes with the timings it answers (200), or with the load failure it reports.
 */
@Singleton
public class Specializer {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private final ObjectMapper json;
    private final Duration timeout;

    public Specializer(ObjectMapper json, @Value("${faas.runtime.start-timeout:60s}") Duration timeout) {
        this.json = json;
        this.timeout = timeout;
    }

    /** Specializes {@code instance} (reachable at its handle's URL) with {@code environment}, authorized by {@code token}. */
    public CompletableFuture<StartupTimings> specialize(InstanceHandle instance, String token,
                                                        Map<String, String> environment,
                                                        CompletableFuture<InstanceExit> exit) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("env", environment));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(instance.url().resolve("/_/specialize"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        CompletableFuture<StartupTimings> result = new CompletableFuture<>();
        exit.thenAccept(e -> result.completeExceptionally(new InstanceStartFailedException(
                "instance " + instance.instanceId() + " " + e.reason() + " while it was being specialized")));
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(new InstanceStartFailedException("instance " + instance.instanceId()
                        + " of the pool did not take its function: " + error));
            } else if (response.statusCode() == 200) {
                result.complete(timings(response.body()));
            } else {
                result.completeExceptionally(new InstanceStartFailedException(failure(instance, response)));
            }
        });
        return result;
    }

    private StartupTimings timings(String body) {
        JsonNode node = parse(body);
        return new StartupTimings(number(node, "processStart"), number(node, "specialized"),
                number(node, "handlerLoaded"), true);
    }

    private String failure(InstanceHandle instance, HttpResponse<String> response) {
        String message = parse(response.body()).path("message").asText("");
        return message.isEmpty()
                ? "instance " + instance.instanceId() + " answered " + response.statusCode() + " to its specialization"
                : message;
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.canConvertToLong() ? value.asLong() : null;
    }
}
