package dev.faas.router.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in function instance. {@code /redirect} answers 302, {@code /slow} sleeps {@code ?ms=}, everything else
 * echoes what arrived as lines "name: value".
 */
public final class FakeInstance implements AutoCloseable {
    private final String id;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

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

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/redirect")) {
                exchange.getResponseHeaders().add("Location", "/elsewhere");
                exchange.sendResponseHeaders(302, -1);
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

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
