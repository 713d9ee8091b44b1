package dev.faas.controller.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A minimal instance that serves the function contract, launched by the process backend in tests instead of
 * the real runtime: {@code /_/health} (failing when {@code TEST_HEALTH=failed}), {@code /crash} (halts with
 * code 1), {@code /env} (its environment's names), {@code /env-values} (their values), {@code /secret?name}
 * (the file {@code $FAAS_SECRETS_DIR/name}, 404 when missing), and an echo of the path otherwise.
 */
public final class TestInstanceMain {
    private TestInstanceMain() {
    }

    public static void main(String[] args) throws IOException {
        long processStart = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli())
                .orElse(System.currentTimeMillis());
        int port = Integer.parseInt(System.getenv("PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        long runtimeReady = System.currentTimeMillis();
        boolean failed = "failed".equals(System.getenv("TEST_HEALTH"));
        long handlerLoaded = System.currentTimeMillis();
        String name = System.getenv("FAAS_FUNCTION_NAME");
        server.createContext("/_/health", exchange -> {
            if (failed) {
                send(exchange, 503, "{\"status\":\"failed\",\"message\":\"cannot load handler class 'function.Handler': "
                        + "ClassNotFoundException function.Handler\"}");
            } else {
                send(exchange, 200, "{\"status\":\"ready\",\"function\":\"" + name + "\",\"processStart\":" + processStart
                        + ",\"runtimeReady\":" + runtimeReady + ",\"handlerLoaded\":" + handlerLoaded + "}");
            }
        });
        server.createContext("/crash", exchange -> Runtime.getRuntime().halt(1));
        server.createContext("/env", exchange -> send(exchange, 200,
                String.join(",", new java.util.TreeSet<>(System.getenv().keySet()))));
        server.createContext("/env-values", exchange -> send(exchange, 200,
                String.join("\n", new java.util.TreeSet<>(System.getenv().values()))));
        server.createContext("/secret", exchange -> {
            java.nio.file.Path file = java.nio.file.Path.of(System.getenv().getOrDefault("FAAS_SECRETS_DIR", "/nonexistent"),
                    exchange.getRequestURI().getQuery().replace("name=", ""));
            if (java.nio.file.Files.isReadable(file)) {
                send(exchange, 200, java.nio.file.Files.readString(file));
            } else {
                send(exchange, 404, "no secret file " + file);
            }
        });
        server.createContext("/", exchange -> send(exchange, 200, "echo " + exchange.getRequestURI()));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        System.out.println("test instance of " + name + " listening on " + port);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
