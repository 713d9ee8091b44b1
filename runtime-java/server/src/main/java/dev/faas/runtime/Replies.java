package dev.faas.runtime;

import com.sun.net.httpserver.HttpExchange;
import dev.faas.function.Response;
import dev.faas.runtime.json.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a {@link Response} or a JSON body onto an {@link HttpExchange}. */
final class Replies {

    private Replies() {
    }

    /** Sends {@code body} as JSON with {@code status}. */
    static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        send(exchange, Response.json(status, JsonWriter.write(body)));
    }

    /** An error body: {@code {"status":N,"message":"...", ...extra}}. */
    static Map<String, Object> error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        return body;
    }

    /** Sends {@code response}; HEAD requests and 204/304 get headers only. */
    static void send(HttpExchange exchange, Response response) throws IOException {
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Content-Length")) {
                exchange.getResponseHeaders().put(header.getKey(), header.getValue());
            }
        }
        byte[] body = response.body();
        int status = response.status();
        boolean noBody = body.length == 0 || status == 204 || status == 304
                || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }
}
