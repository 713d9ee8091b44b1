package dev.faas.controller.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.instance.InstanceStartFailedException;
import dev.faas.controller.instance.StartupTimings;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Sends a generic runtime its function: {@code POST /_/specialize} with the instance's token and the function's
 * environment, and waits for its answer: the timings (200), or the load failure it reports.
 */
@Singleton
public class Specializer {
    private static final int CONNECT_TIMEOUT_MS = 1_000;

    private final ObjectMapper json;
    private final Duration timeout;

    public Specializer(ObjectMapper json, @Value("${faas.runtime.start-timeout:60s}") Duration timeout) {
        this.json = json;
        this.timeout = timeout;
    }

    /**
     * Specializes {@code instance} (reachable at its handle's URL) with {@code environment}, authorized by
     * {@code token}; returns once its function is loaded.
     *
     * @throws InstanceStartFailedException when it cannot be reached or does not load its function
     */
    public StartupTimings specialize(InstanceHandle instance, String token, Map<String, String> environment) {
        HttpURLConnection connection = null;
        try {
            byte[] body = json.writeValueAsBytes(Map.of("env", environment));
            // A blocking request on the caller's own thread: the JDK's asynchronous client passes one request
            // through several threads, each a wake-up on a busy machine, and this one is on a cold start's path.
            connection = (HttpURLConnection) instance.url().resolve("/_/specialize").toURL()
                    .openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Authorization", "Bearer " + token);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            if (status == 200) {
                return timings(read(connection.getInputStream()));
            }
            throw new InstanceStartFailedException(failure(instance, status, read(connection.getErrorStream())));
        } catch (IOException e) {
            throw new InstanceStartFailedException("instance " + instance.instanceId()
                    + " of the pool did not take its function: " + e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private StartupTimings timings(String body) {
        JsonNode node = parse(body);
        return new StartupTimings(number(node, "processStart"), number(node, "specialized"),
                number(node, "handlerLoaded"), true);
    }

    private String failure(InstanceHandle instance, int status, String body) {
        String message = parse(body).path("message").asText("");
        return message.isEmpty()
                ? "instance " + instance.instanceId() + " answered " + status + " to its specialization"
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
