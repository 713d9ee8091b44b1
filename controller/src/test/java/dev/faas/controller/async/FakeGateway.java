package dev.faas.controller.async;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the router in controller tests: {@code /function/echo.default/...} echoes, {@code broken} always
 * answers 500 with the attempt number, {@code flaky} answers 503 twice and then 200,
 * {@code picky} answers 500 to bodies containing "poison", {@code dying} answers 502 to its calls 300–319, once per body
 * (as the router does for the calls an instance held when it died). Counts calls per function.
 */
public final class FakeGateway implements AutoCloseable {
    static {
        // The JDK server leaves Nagle on: every small answer would wait ~40 ms for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One call as the fake router received it. */
    public record Arrival(String function, Map<String, String> headers, String body, Instant at) {
    }

    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final java.util.Set<String> lostOnce = ConcurrentHashMap.newKeySet();
    /** Every call received, in arrival order. */
    public final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/function/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many calls {@code dying} answered 502. */
    public int lostCalls() {
        return lostOnce.size();
    }

    public int calls(String function) {
        return calls.getOrDefault(function, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String rest = exchange.getRequestURI().getRawPath().substring("/function/".length());
        int slash = rest.indexOf('/');
        String target = slash < 0 ? rest : rest.substring(0, slash);
        String function = target.substring(0, target.indexOf('.'));
        int n = calls.computeIfAbsent(function, k -> new AtomicInteger()).incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        arrivals.add(new Arrival(function, headers, new String(body, StandardCharsets.UTF_8), Instant.now()));
        switch (function) {
            case "broken" -> answer(exchange, 500, "boom " + n);
            case "picky" -> answer(exchange, new String(body, StandardCharsets.UTF_8).contains("poison") ? 500 : 200,
                    new String(body, StandardCharsets.UTF_8).contains("poison") ? "cannot digest this" : "ok");
            case "dying" -> {
                boolean lost = n >= 300 && n < 320 && lostOnce.add(new String(body, StandardCharsets.UTF_8));
                answer(exchange, lost ? 502 : 200, lost ? "the instance died mid-flight" : "ok");
            }
            case "flaky" -> answer(exchange, n <= 2 ? 503 : 200, n <= 2 ? "not yet" : "finally");
            default -> {
                String path = (slash < 0 ? "" : rest.substring(slash))
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
                exchange.getResponseHeaders().add("X-Echo-Path", path);
                exchange.getResponseHeaders().add("X-Echo-Call-Id", String.valueOf(exchange.getRequestHeaders().getFirst("X-Call-Id")));
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                answer(exchange, 200, "echo:" + new String(body, StandardCharsets.UTF_8));
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
