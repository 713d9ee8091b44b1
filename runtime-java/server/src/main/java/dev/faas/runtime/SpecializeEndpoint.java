package dev.faas.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.faas.runtime.json.JsonException;
import dev.faas.runtime.json.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /_/specialize} on a generic runtime: body {@code {"env": {"FAAS_FUNCTION_NAME": .., "FAAS_FUNCTION_PATH":
 * .., "FAAS_SECRETS_DIR": .., ...}}} with {@code Authorization: Bearer <token>}. Loads the function as a fresh start
 * with that environment would, and answers like a ready health check (200) or the load failure (500). Only the
 * first authorized request is taken; later ones get 409.
 */
final class SpecializeEndpoint implements HttpHandler {

    static final String PATH = "/_/specialize";

    private final RuntimeServer server;
    private final Specialization specialization;

    SpecializeEndpoint(RuntimeServer server, Specialization specialization) {
        this.server = server;
        this.specialization = specialization;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            serve(exchange);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        long arrived = System.currentTimeMillis();
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            Replies.json(exchange, 405, Replies.error(405, PATH + " takes POST with the function's environment"));
            return;
        }
        if (!specialization.authorizes(exchange.getRequestHeaders().getFirst("Authorization"))) {
            Replies.json(exchange, 401, Replies.error(401, "specialization needs this instance's token as "
                    + "'Authorization: Bearer <token>' (the one it was started with in FAAS_SPECIALIZE_TOKEN)"));
            return;
        }
        Map<String, String> env;
        try (InputStream in = exchange.getRequestBody()) {
            env = environment(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (JsonException | IllegalArgumentException e) {
            Replies.json(exchange, 400, Replies.error(400, "cannot read the specialization: " + e.getMessage()
                    + "; send {\"env\": {\"FAAS_FUNCTION_NAME\": \"...\", \"FAAS_FUNCTION_PATH\": \"...\"}}"));
            return;
        }
        if (!specialization.claim()) {
            Replies.json(exchange, 409, Replies.error(409, "this instance already serves function '"
                    + server.config().functionName() + "'; start another generic instance"));
            return;
        }
        RuntimeConfig config;
        try {
            RuntimeConfig given = RuntimeConfig.fromEnv(specialization.environment(env));
            RuntimeConfig running = server.config();
            // The server is already bound: the function gets this port and address, whatever the request says.
            config = new RuntimeConfig(running.port(), running.bindAddress(), given.functionName(), given.namespace(),
                    given.functionPath(), given.handlerClass(), given.gateway(), given.drain(), given.environment());
        } catch (IllegalArgumentException e) {
            server.failSpecialization(e.getMessage());
            Replies.json(exchange, 500, Replies.error(500, e.getMessage()));
            return;
        }
        if (server.specialize(config, arrived)) {
            Replies.json(exchange, 200, HealthEndpoint.readyBody(server));
        } else {
            Map<String, Object> body = Replies.error(500, ((LoadState.Failed) server.state()).message());
            Replies.json(exchange, 500, body);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String body) {
        Object parsed = JsonParser.parse(body);
        if (!(parsed instanceof Map<?, ?> map) || !(map.get("env") instanceof Map<?, ?> given)) {
            throw new IllegalArgumentException("the body is not an object with an \"env\" object");
        }
        Map<String, String> env = new HashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<Object, Object>) given).entrySet()) {
            if (!(entry.getValue() instanceof String value)) {
                throw new IllegalArgumentException("env." + entry.getKey() + " is not a string");
            }
            env.put(String.valueOf(entry.getKey()), value);
        }
        return env;
    }
}
