package dev.faas.router.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in for the controller's internal API, scripted per function and recording what the router sent. */
public final class FakeController implements AutoCloseable {

    /** What the controller answers for one function. */
    public record Script(String endpointsJson, long activationDelayMs, int activationStatus, String activationJson) {
    }

    /** One request the router made. */
    public record Received(String method, String pathAndQuery, String authorization, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> activationAnswers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> activations = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public FakeController() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * A router on a free port with its fast path, talking to this controller with the credentials {@code user} /
     * {@code secret}; {@code settings} adds to or overrides that.
     */
    public EmbeddedServer startRouter(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "faas.router.fast-path", true,
                "faas.router.controller-url", url(),
                "faas.auth.username", "user",
                "faas.auth.password", "secret"));
        all.putAll(settings);
        return ApplicationContext.run(EmbeddedServer.class, all);
    }

    /** Scripts a function of the default namespace. */
    public void script(String name, Script script) {
        scripts.put(name, script);
    }

    /**
     * Scripts the activations of a function in turn: each answers the next of {@code answers} (activation JSON, as
     * in {@link Script}), the last one every time after. E.g. a controller that names an instance that has just
     * died until it hears of its exit.
     */
    public void scriptActivations(String name, List<String> answers) {
        activationAnswers.put(name, new ConcurrentLinkedDeque<>(answers));
    }

    /** The endpoints JSON for the given instances ({@code id -> url}). */
    public static String endpoints(String name, long timeoutMs, Map<String, String> instances) {
        return endpoints(name, timeoutMs, instances, "");
    }

    /** The endpoints JSON with limits, e.g. {@code ,"concurrency":1,"queueSize":2}. */
    public static String endpoints(String name, long timeoutMs, Map<String, String> instances, String limits) {
        return endpoints(name, timeoutMs, instances, limits, false);
    }

    /** The endpoints JSON, its instances marked {@code loading} (they hold calls while their function loads). */
    public static String endpoints(String name, long timeoutMs, Map<String, String> instances, String limits,
                                   boolean loading) {
        StringBuilder list = new StringBuilder();
        instances.forEach((id, url) -> list.append(list.isEmpty() ? "" : ",")
                .append("{\"id\":\"").append(id).append("\",\"url\":\"").append(url).append("\"")
                .append(loading ? ",\"loading\":true}" : "}"));
        return "{\"namespace\":\"default\",\"name\":\"" + name + "\",\"timeoutMs\":" + timeoutMs
                + ",\"endpoints\":[" + list + "]" + limits + "}";
    }

    public int activations(String name) {
        AtomicInteger count = activations.get(name);
        return count == null ? 0 : count.get();
    }

    public List<Received> received(String pathPrefix) {
        return received.stream().filter(r -> r.pathAndQuery().startsWith(pathPrefix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        received.add(new Received(exchange.getRequestMethod(), path + (query == null ? "" : "?" + query), auth, body));
        try {
            if (path.startsWith("/system/endpoints/default/")) {
                Script script = scripts.get(path.substring("/system/endpoints/default/".length()));
                if (script == null) {
                    reply(exchange, 404, "{\"status\":404,\"message\":\"function not found\"}");
                } else {
                    reply(exchange, 200, script.endpointsJson());
                }
            } else if (path.startsWith("/system/activate/default/")) {
                String name = path.substring("/system/activate/default/".length());
                activations.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                Script script = scripts.get(name);
                Thread.sleep(script.activationDelayMs());
                Deque<String> turns = activationAnswers.get(name);
                String answer = turns == null ? script.activationJson()
                        : turns.size() > 1 ? turns.pollFirst() : turns.peekFirst();
                reply(exchange, script.activationStatus(), answer);
            } else if (path.startsWith("/system/cold-starts/") || path.equals("/system/traffic")) {
                exchange.sendResponseHeaders(204, -1);
            } else if (path.equals("/system/echo") || path.equals("/healthz")) {
                // The public API stand-in: 401 without credentials, else an echo of what arrived.
                if (!"Basic dXNlcjpzZWNyZXQ=".equals(auth) && path.startsWith("/system")) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"faas\"");
                    reply(exchange, 401, "{\"status\":401,\"message\":\"credentials required\"}");
                } else {
                    reply(exchange, 201, exchange.getRequestMethod() + " " + path + "?" + query + " " + body);
                }
            } else {
                reply(exchange, 404, "{\"status\":404,\"message\":\"no such path\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
