package dev.faas.runtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Starts runtimes on free ports and calls them, for tests. */
final class TestCalls {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestCalls() {
    }

    static RuntimeConfig config(String functionName, Path functionPath, String handlerClass) {
        return new RuntimeConfig(0, "127.0.0.1", functionName, "default", functionPath, handlerClass,
                "http://127.0.0.1:1", Duration.ofSeconds(5), Map.of("GREETING", "hi"));
    }

    static RuntimeServer started(RuntimeConfig config) throws Exception {
        RuntimeServer server = new RuntimeServer(config);
        server.start();
        return server;
    }

    static HttpResponse<String> get(RuntimeServer server, String pathAndQuery) throws Exception {
        return send(server, HttpRequest.newBuilder(uri(server, pathAndQuery)).GET().build());
    }

    static HttpResponse<String> post(RuntimeServer server, String pathAndQuery, String body) throws Exception {
        return send(server, HttpRequest.newBuilder(uri(server, pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> send(RuntimeServer server, HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static URI uri(RuntimeServer server, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }
}
