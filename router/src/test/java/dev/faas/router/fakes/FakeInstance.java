package dev.faas.router.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in function instance. {@code /redirect} answers 302, {@code /empty} 204, {@code /slow} sleeps {@code ?ms=}, {@code /stream}
 * writes a chunked body of {@code ?chunks=} lines {@code ?ms=} apart, everything else echoes what arrived as lines
 * "name: value". It keeps the highest number of calls it served at once.
 */
public final class FakeInstance implements AutoCloseable {
    private final String id;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();

    public FakeInstance(String id) throws IOException {
        this.id = id;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String id() {
        return id;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The most calls this instance was serving at the same time. */
    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    /** The calls this instance is serving right now. */
    public int inFlight() {
        return concurrent.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            serve(exchange);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/redirect")) {
                exchange.getResponseHeaders().add("Location", "/elsewhere");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            if (path.equals("/empty")) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (path.equals("/stream")) {
                stream(exchange, query);
                return;
            }
            if (path.equals("/slow")) {
                Thread.sleep(Long.parseLong(query.substring("ms=".length())));
            }
            var headers = exchange.getRequestHeaders();
            String echo = "instance: " + id + "\n"
                    + "method: " + exchange.getRequestMethod() + "\n"
                    + "path: " + path + (query == null ? "" : "?" + query) + "\n"
                    + "body: " + new String(body, StandardCharsets.UTF_8) + "\n"
                    + "x-call-id: " + headers.getFirst("X-Call-Id") + "\n"
                    + "x-start-time: " + headers.getFirst("X-Start-Time") + "\n"
                    + "x-forwarded-for: " + headers.getFirst("X-Forwarded-For") + "\n"
                    + "x-forwarded-proto: " + headers.getFirst("X-Forwarded-Proto") + "\n"
                    + "x-forwarded-host: " + headers.getFirst("X-Forwarded-Host") + "\n"
                    + "x-custom: " + headers.getFirst("X-Custom") + "\n"
                    + "proxy-authorization: " + headers.getFirst("Proxy-Authorization") + "\n";
            byte[] bytes = echo.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stream(HttpExchange exchange, String query) throws IOException, InterruptedException {
        Map<String, String> params = new HashMap<>();
        for (String pair : query.split("&")) {
            params.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        int chunks = Integer.parseInt(params.get("chunks"));
        long pause = Long.parseLong(params.get("ms"));
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < chunks; i++) {
                out.write(("chunk " + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(pause);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
