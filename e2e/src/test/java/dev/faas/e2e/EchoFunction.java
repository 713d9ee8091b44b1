package dev.faas.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A test function deployed on the real platform that echoes its body and can be told to misbehave:
 * {@code ?sleep=ms} answers late, {@code ?die=ms} halts its JVM that long after the call arrived (the call itself
 * is held until then), {@code ?id=x} is remembered and {@code ?seen} lists the ids this instance received,
 * {@code ?peak} tells the most calls it ever ran at once. Every answer names the instance ({@code X-Instance-Pid},
 * {@code X-Instance-Port}) so that a test can tell which instance served a call and ask that one directly.
 */
final class EchoFunction {
    static final String HANDLER = """
            package function;

            import dev.faas.function.Context;
            import dev.faas.function.Request;
            import dev.faas.function.Response;

            import java.util.Queue;
            import java.util.concurrent.ConcurrentLinkedQueue;
            import java.util.concurrent.atomic.AtomicInteger;

            public class Handler implements dev.faas.function.Handler {
                private static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();
                private static final AtomicInteger ACTIVE = new AtomicInteger();
                private static final AtomicInteger PEAK = new AtomicInteger();

                @Override
                public Response handle(Request request, Context context) throws Exception {
                    if (request.queryParameter("seen") != null) {
                        return identified(Response.ok(String.join(",", SEEN)));
                    }
                    if (request.queryParameter("peak") != null) {
                        return identified(Response.ok(Integer.toString(PEAK.get())));
                    }
                    int active = ACTIVE.incrementAndGet();
                    PEAK.accumulateAndGet(active, Math::max);
                    try {
                        String id = request.queryParameter("id");
                        if (id != null) {
                            SEEN.add(id);
                        }
                        String die = request.queryParameter("die");
                        if (die != null) {
                            long after = Long.parseLong(die);
                            Thread killer = new Thread(() -> {
                                try {
                                    Thread.sleep(after);
                                } catch (InterruptedException ignored) {
                                    // halt anyway
                                }
                                Runtime.getRuntime().halt(9);
                            });
                            killer.setDaemon(true);
                            killer.start();
                            Thread.sleep(after + 60_000);
                        }
                        String sleep = request.queryParameter("sleep");
                        if (sleep != null) {
                            Thread.sleep(Long.parseLong(sleep));
                        }
                        return identified(Response.ok(request.body()));
                    } finally {
                        ACTIVE.decrementAndGet();
                    }
                }

                private static Response identified(Response response) {
                    return response.withHeader("X-Instance-Pid", Long.toString(ProcessHandle.current().pid()))
                            .withHeader("X-Instance-Port", String.valueOf(System.getenv("PORT")));
                }
            }
            """;

    /** HTTP/1.1 on purpose: the way load generators and other proxies talk to the router (no h2c upgrade). */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    final Platform platform;
    final Path work;
    final String name;

    private EchoFunction(Platform platform, Path work, String name) {
        this.platform = platform;
        this.work = work;
        this.name = name;
    }

    /**
     * Creates the function with {@code faas new}, replaces its handler, and deploys it with {@code faas deploy}
     * from a stack file carrying the given environment (e.g. {@code exec_timeout}) and labels.
     */
    static EchoFunction deploy(Platform platform, Path work, String name, Map<String, String> environment,
                               Map<String, String> labels) throws Exception {
        return deploy(platform, work, name, HANDLER, environment, labels, Map.of());
    }

    /** As above with another handler's source and annotations (triggers such as {@code kafka.topic}). */
    static EchoFunction deploy(Platform platform, Path work, String name, String handler,
                               Map<String, String> environment, Map<String, String> labels,
                               Map<String, String> annotations) throws Exception {
        Platform.CliResult created = platform.cli(work, Duration.ofSeconds(60), "new", name, "--template", "java");
        assertEquals(0, created.exitCode(), created.output());
        Path project = work.resolve(name);
        Files.writeString(project.resolve("src/main/java/function/Handler.java"), handler);
        Files.deleteIfExists(project.resolve("src/test/java/function/HandlerTest.java"));
        Path stackFile = work.resolve(name + ".yml");
        Files.writeString(stackFile, stackFile(platform.gateway(), name, environment, labels, annotations));
        Platform.CliResult deployed = platform.cli(work, Duration.ofMinutes(5), "deploy", "-f", stackFile.toString());
        assertEquals(0, deployed.exitCode(), deployed.output());
        return new EchoFunction(platform, work, name);
    }

    private static String stackFile(String gateway, String name, Map<String, String> environment,
                                    Map<String, String> labels, Map<String, String> annotations) {
        StringBuilder yaml = new StringBuilder("version: 1.0\nprovider:\n  name: faas\n  gateway: " + gateway
                + "\nfunctions:\n  " + name + ":\n    lang: java\n    handler: ./" + name + "\n");
        appendMap(yaml, "environment", environment);
        appendMap(yaml, "labels", labels);
        appendMap(yaml, "annotations", annotations);
        return yaml.toString();
    }

    private static void appendMap(StringBuilder yaml, String key, Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        yaml.append("    ").append(key).append(":\n");
        // Quoted: label values like "true" or "1" must stay strings.
        values.forEach((k, v) -> yaml.append("      ").append(k).append(": \"").append(v).append("\"\n"));
    }

    /** A call through the router: {@code POST /function/NAME?query} with the body. */
    Answer call(String query, byte[] body) throws Exception {
        return Answer.of(HTTP.send(request(platform.gateway() + "/function/" + name, query, body),
                HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** The same call, sent without waiting for the answer. */
    CompletableFuture<Answer> callAsync(String query, byte[] body) {
        return HTTP.sendAsync(request(platform.gateway() + "/function/" + name, query, body),
                HttpResponse.BodyHandlers.ofByteArray()).thenApply(Answer::of);
    }

    /** A call straight to one instance on its port, bypassing the router (to ask it what it saw). */
    Answer callInstance(String port, String query) throws Exception {
        return Answer.of(HTTP.send(request("http://127.0.0.1:" + port + "/", query, new byte[0]),
                HttpResponse.BodyHandlers.ofByteArray()));
    }

    private static HttpRequest request(String url, String query, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url + (query == null || query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** {@code faas scale NAME --replicas N}, as a user does. */
    void scale(int replicas) throws Exception {
        Platform.CliResult scaled = platform.cli(work, Duration.ofSeconds(30), "scale", name,
                "--replicas", Integer.toString(replicas));
        assertEquals(0, scaled.exitCode(), scaled.output());
    }

    /** Waits until the controller reports {@code replicas} available and no other instance still alive or draining. */
    void awaitReplicas(int replicas, Duration timeout) throws Exception {
        awaitStatus("exactly " + replicas + " live instance(s) of " + name, timeout, status ->
                status.path("availableReplicas").asInt() == replicas
                        && instances(status, "READY").size() == replicas
                        && instances(status, "STARTING").isEmpty()
                        && instances(status, "DRAINING").isEmpty());
    }

    /** Waits until the controller's status of the function satisfies {@code condition}; returns that status. */
    JsonNode awaitStatus(String what, Duration timeout, Predicate<JsonNode> condition) throws Exception {
        JsonNode[] last = new JsonNode[1];
        Platform.await(() -> what + "; last status: " + last[0], timeout, () -> {
            try {
                last[0] = platform.status(name);
                return condition.test(last[0]);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return last[0];
    }

    /** The ids of the function's instances in the given state. */
    static List<String> instances(JsonNode status, String state) {
        List<String> ids = new ArrayList<>();
        for (JsonNode instance : status.path("instances")) {
            if (instance.path("state").asText().equals(state)) {
                ids.add(instance.path("id").asText());
            }
        }
        return ids;
    }

    /** What came back from one call. */
    record Answer(int status, byte[] body, String pid, String port, String retryAfter) {
        static Answer of(HttpResponse<byte[]> response) {
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("X-Instance-Pid").orElse(null),
                    response.headers().firstValue("X-Instance-Port").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null));
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** The JSON error body's message, or the raw body when it is not JSON. */
        String message() {
            try {
                return Platform.JSON.readTree(body).path("message").asText(text());
            } catch (Exception e) {
                return text();
            }
        }

        @Override
        public String toString() {
            return status + " " + (body.length > 300 ? body.length + " bytes" : text());
        }
    }
}
