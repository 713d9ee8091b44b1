package dev.faas.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /_/health}: 200 with start-up timestamps once the handler is loaded, 503 while starting, after a
 * failed load (with the reason) and while draining. Other paths under {@code /_/health} go to the function.
 */
final class HealthEndpoint implements HttpHandler {

    static final String PATH = "/_/health";
    /** The longest a health check may ask to wait for the start in progress. */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final RuntimeServer server;
    private final HttpHandler next;

    HealthEndpoint(RuntimeServer server, HttpHandler next) {
        this.server = server;
        this.next = next;
    }

    /** The body of a ready health check: status, function, start-up timestamps (and specialization time, if any). */
    static Map<String, Object> readyBody(RuntimeServer server) {
        Map<String, Object> body = new LinkedHashMap<>();
        StartupTimes times = server.startupTimes();
        body.put("status", "ready");
        body.put("function", server.config().functionName());
        body.put("processStart", times.processStart());
        body.put("runtimeReady", times.runtimeReady());
        if (server.specializedAt() != null) {
            body.put("specialized", server.specializedAt());
        }
        if (server.state() instanceof LoadState.Ready ready) {
            body.put("handlerLoaded", ready.handlerLoaded());
        }
        return body;
    }

    /**
     * The state now or, with {@code ?wait=<ms>} (at most {@link #MAX_WAIT}), once the start in progress has ended or
     * the wait is over: the controller's readiness probe waits instead of polling.
     */
    private LoadState stateAfterWait(String query) {
        long waitMs = waitMillis(query);
        if (waitMs <= 0) {
            return server.state();
        }
        try {
            return server.awaitSettled(Duration.ofMillis(Math.min(waitMs, MAX_WAIT.toMillis())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return server.state();
        }
    }

    private static long waitMillis(String query) {
        if (query == null) {
            return 0;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("wait=")) {
                try {
                    return Long.parseLong(part.substring("wait=".length()));
                } catch (NumberFormatException e) {
                    return 0; // not a number: answer at once, as without it
                }
            }
        }
        return 0;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            next.handle(exchange);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        LoadState state = stateAfterWait(exchange.getRequestURI().getRawQuery());
        if (server.isDraining()) {
            body.put("status", "draining");
            Replies.json(exchange, 503, body);
        } else if (state instanceof LoadState.Ready) {
            Replies.json(exchange, 200, readyBody(server));
        } else if (state instanceof LoadState.Generic) {
            // 200: a pool counts it as ready to specialize; it serves no function (calls get 503).
            StartupTimes times = server.startupTimes();
            body.put("status", "generic");
            body.put("processStart", times.processStart());
            body.put("runtimeReady", times.runtimeReady());
            Replies.json(exchange, 200, body);
        } else if (state instanceof LoadState.Failed failed) {
            body.put("status", "failed");
            body.put("message", failed.message());
            Replies.json(exchange, 503, body);
        } else {
            body.put("status", "starting");
            Replies.json(exchange, 503, body);
        }
    }
}
