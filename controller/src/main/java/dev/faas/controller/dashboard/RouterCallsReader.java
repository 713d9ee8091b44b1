package dev.faas.controller.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.function.FunctionKey;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads each function's last calls from the router's {@code GET /internal/calls} ({@code
 * faas.dashboard.router-calls-url}, default {@code <faas.gateway-url>/internal/calls}, with {@code ?limit=} {@code faas.dashboard.recent-calls},
 * default 20), sending the control API's own credentials, which the router shares.
 */
@Singleton
public class RouterCallsReader {
    private static final Logger LOG = LoggerFactory.getLogger(RouterCallsReader.class);

    private final RouterReading reading;
    private final ObjectMapper json;

    public RouterCallsReader(@Value("${faas.dashboard.router-calls-url:}") String url,
                             @Value("${faas.gateway-url:http://127.0.0.1:8080}") String gatewayUrl,
                             @Value("${faas.dashboard.recent-calls:20}") int limit,
                             @Value("${faas.auth.username:admin}") String username,
                             @Value("${faas.auth.password:}") String password,
                             ObjectMapper json) {
        String authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.reading = new RouterReading("recent calls",
                URI.create(RouterReading.url(url, gatewayUrl, "/internal/calls") + "?limit=" + Math.max(1, limit)),
                authorization);
        this.json = json;
    }

    /** Each function's calls, or empty when the router cannot be read (or answers something unexpected). */
    public Optional<Map<FunctionKey, FunctionCalls>> read() {
        return reading.get().flatMap(this::parse);
    }

    private Optional<Map<FunctionKey, FunctionCalls>> parse(String body) {
        try {
            Map<FunctionKey, FunctionCalls> functions = new HashMap<>();
            for (JsonNode function : json.readTree(body).path("functions")) {
                List<RecentCall> calls = new ArrayList<>();
                for (JsonNode call : function.path("calls")) {
                    calls.add(json.treeToValue(call, RecentCall.class));
                }
                FunctionCalls read = new FunctionCalls(function.path("namespace").asText(),
                        function.path("name").asText(), function.path("total").asLong(), List.copyOf(calls));
                functions.put(new FunctionKey(read.namespace(), read.name()), read);
            }
            return Optional.of(functions);
        } catch (IOException | RuntimeException e) {
            LOG.debug("router calls at {} not understood: {}", reading.url(), e.getMessage());
            return Optional.empty();
        }
    }
}
