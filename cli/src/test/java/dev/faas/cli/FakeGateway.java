package dev.faas.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A scripted gateway on a random loopback port: answers by "METHOD /path" and records every request. */
public final class FakeGateway implements AutoCloseable {

    /** One recorded request. */
    public record Recorded(String method, String path, String query, String authorization, String contentType, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A scripted answer. */
    public record Answer(int status, String contentType, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Recorded, Answer>> routes = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    public FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers "METHOD /path" (query ignored) with this. */
    public FakeGateway on(String methodAndPath, Answer answer) {
        routes.put(methodAndPath, request -> answer);
        return this;
    }

    /** Answers "METHOD /path" by computing from the request. */
    public FakeGateway on(String methodAndPath, Function<Recorded, Answer> answer) {
        routes.put(methodAndPath, answer);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Recorded> requests() {
        return requests;
    }

    /** "METHOD /path" of every request so far, in order. */
    public List<String> calls() {
        return requests.stream().map(r -> r.method() + " " + r.path()).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes());
        requests.add(request);
        Function<Recorded, Answer> route = routes.get(request.method() + " " + request.path());
        Answer answer = route == null
                ? Answer.json(404, "{\"status\":404,\"message\":\"no route for " + request.method() + " " + request.path() + "\"}")
                : route.apply(request);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
