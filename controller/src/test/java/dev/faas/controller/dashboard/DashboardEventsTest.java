package dev.faas.controller.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.faas.controller.api.FakeRuntime;
import dev.faas.controller.coldstart.ColdStartRecorder;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.instance.StartupTimings;
import dev.faas.controller.runtime.FunctionRuntime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard's endpoints on a real controller: the event stream (credentials, snapshot, ticks carrying the
 * traffic reports, the router's call figures and finished cold starts), the bounded window, and the served app.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardEventsTest implements TestPropertyProvider {
    static final FakeRuntime RUNTIME = new FakeRuntime();
    static final ObjectMapper JSON = new ObjectMapper();
    static final int WINDOW = 4;

    /** A stand-in router /metrics: a real Micrometer registry with the router's meter names. */
    final PrometheusMeterRegistry routerMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpServer router;
    /** The stand-in router's /internal/calls answer; empty until a test sets it. */
    volatile String routerCalls = "{\"capacity\":50,\"functions\":[]}";
    volatile String routerCallsAuthorization;

    @Inject
    EmbeddedServer server;

    @Inject
    ColdStartRecorder coldStarts;

    final HttpClient http = HttpClient.newHttpClient();

    @MockBean(FunctionRuntime.class)
    FunctionRuntime runtime() {
        return RUNTIME;
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            router = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            router.createContext("/metrics", exchange -> {
                byte[] body = routerMetrics.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            router.createContext("/internal/calls", exchange -> {
                routerCallsAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
                boolean allowed = auth("test-password").equals(routerCallsAuthorization)
                        && "limit=20".equals(exchange.getRequestURI().getQuery());
                byte[] body = (allowed ? routerCalls : "{\"status\":401}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(allowed ? 200 : 401, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            router.start();
            return Map.of("faas.state-dir", Files.createTempDirectory("faas-dashboard-test").toString(),
                    "faas.dashboard.sample-interval", "200ms",
                    "faas.dashboard.window", String.valueOf(WINDOW),
                    "faas.dashboard.router-metrics-url", "http://127.0.0.1:" + router.getAddress().getPort() + "/metrics",
                    "faas.dashboard.router-calls-url", "http://127.0.0.1:" + router.getAddress().getPort() + "/internal/calls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopRouter() {
        router.stop(0);
    }

    String auth(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(String method, String path, String body, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (password != null) {
            request.header("Authorization", auth(password));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One server-sent event: its name and JSON data. */
    record Sse(String name, JsonNode data) {
    }

    /** Reads events until one matches, or fails after the timeout; returns all events read. */
    List<Sse> readEventsUntil(Predicate<Sse> wanted, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort()
                        + "/system/dashboard/events"))
                .header("Authorization", auth("test-password")).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        var reader = Executors.newSingleThreadExecutor();
        List<Sse> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            Future<List<Sse>> events = reader.submit(() -> {
                String name = "message";
                StringBuilder data = new StringBuilder();
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            Sse event = new Sse(name, JSON.readTree(data.toString()));
                            seen.add(event);
                            if (wanted.test(event)) {
                                return seen;
                            }
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
                throw new AssertionError("the event stream ended; events seen: " + seen);
            });
            try {
                return events.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("no wanted event within " + timeout + "; events seen: " + seen);
            }
        } finally {
            reader.shutdownNow();
        }
    }

    static JsonNode sampleOf(Sse tick, String name) {
        for (JsonNode sample : tick.data().path("samples")) {
            if (sample.path("name").asText().equals(name)) {
                return sample;
            }
        }
        return null;
    }

    void routerCall(String function, int status, long ms) {
        Counter.builder("faas.router.requests")
                .tags("namespace", "default", "function", function, "status", Integer.toString(status))
                .register(routerMetrics).increment();
        Timer.builder("faas.router.request").tags("namespace", "default", "function", function)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(routerMetrics).record(Duration.ofMillis(ms));
    }

    @Test
    void theStreamNeedsTheControlApiCredentials() throws Exception {
        HttpResponse<String> none = send("GET", "/system/dashboard/events", null, null);
        assertEquals(401, none.statusCode());
        assertTrue(none.body().contains("credentials required"), none.body());
        HttpResponse<String> wrong = send("GET", "/system/dashboard/events", null, "not-the-password");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("wrong username or password"), wrong.body());
        assertEquals(401, send("GET", "/system/dashboard/series", null, "nope").statusCode());
    }

    @Test
    void snapshotThenTicksWithTrafficRouterFiguresAndColdStarts() throws Exception {
        assertEquals(202, send("POST", "/system/functions",
                "{\"service\":\"dash\",\"image\":\"faas.local/default/dash:1\"}", "test-password").statusCode());

        List<Sse> first = readEventsUntil(e -> e.name().equals("tick") && sampleOf(e, "dash") != null,
                Duration.ofSeconds(10));
        assertEquals("snapshot", first.get(0).name(), "the first event is the snapshot");
        assertEquals(WINDOW, first.get(0).data().path("window").asInt());
        assertEquals(200, first.get(0).data().path("sampleIntervalMs").asInt());

        // A router reports 30 calls; the router's metrics say 2 answered 200 and 1 failed with 502.
        assertEquals(204, send("POST", "/system/traffic", "{\"router\":\"r1\",\"functions\":[{\"namespace\":\"default\","
                + "\"name\":\"dash\",\"requests\":30,\"inFlight\":2,\"instances\":{}}]}", "test-password").statusCode());
        routerCall("dash", 200, 12);
        routerCall("dash", 200, 12);
        routerCall("dash", 502, 40);
        // And a cold start completes, with every phase known.
        FunctionKey key = new FunctionKey("default", "dash");
        long t0 = System.currentTimeMillis();
        String id = coldStarts.begin(key, t0, t0 + 5);
        coldStarts.ready(id, t0 + 100, new StartupTimings(t0 + 100, t0 + 300, t0 + 350), t0 + 360);
        coldStarts.firstResponse(id, t0 + 380);

        long[] callsSeen = {0};
        boolean[] coldStartSeen = {false};
        List<Sse> events = readEventsUntil(e -> {
            JsonNode s = e.name().equals("tick") ? sampleOf(e, "dash") : null;
            if (s == null) {
                return false;
            }
            callsSeen[0] += s.path("calls").asLong();
            s.path("coldStarts").forEach(c -> coldStartSeen[0] |= c.path("id").asText().equals(id));
            return s.path("invocations").asLong() >= 30 && callsSeen[0] >= 3 && coldStartSeen[0];
        }, Duration.ofSeconds(10));
        // The figures may arrive over a few ticks: add them up across this connection's ticks.
        long invocations = 0;
        long calls = 0;
        long errors = 0;
        JsonNode coldStart = null;
        double maxRate = 0;
        for (Sse e : events) {
            JsonNode s = e.name().equals("tick") ? sampleOf(e, "dash") : null;
            if (s == null) {
                continue;
            }
            invocations = s.path("invocations").asLong();
            calls += s.path("calls").asLong();
            errors += s.path("errors").asLong();
            maxRate = Math.max(maxRate, s.path("requestsPerSecond").asDouble());
            for (JsonNode c : s.path("coldStarts")) {
                if (c.path("id").asText().equals(id)) {
                    coldStart = c;
                }
            }
        }
        assertEquals(30, invocations, "invocations come from the routers' traffic reports");
        assertTrue(maxRate > 0, "a rate is derived from the reported requests");
        assertEquals(3, calls, "calls come from the router's metrics");
        assertEquals(1, errors, "the 502 is an error");
        assertTrue(coldStart != null, "the finished cold start is sent once");
        assertEquals(380, coldStart.path("totalMs").asLong());
        assertEquals(200, coldStart.path("phases").path("runtime_init").asLong());
        assertEquals(50, coldStart.path("phases").path("handler_load").asLong());
        assertEquals(20, coldStart.path("phases").path("first_response").asLong());

        // The snapshot now carries the cold start and at most WINDOW samples.
        JsonNode series = JSON.readTree(send("GET", "/system/dashboard/series", null, "test-password").body());
        JsonNode dash = null;
        for (JsonNode f : series.path("functions")) {
            if (f.path("name").asText().equals("dash")) {
                dash = f;
            }
        }
        assertTrue(dash != null, series.toString());
        assertTrue(dash.path("samples").size() <= WINDOW && dash.path("samples").size() > 1, dash.toString());
        assertEquals(id, dash.path("coldStarts").get(dash.path("coldStarts").size() - 1).path("id").asText());

        // A removed function leaves the series.
        assertEquals(202, send("DELETE", "/system/functions", "{\"functionName\":\"dash\"}", "test-password").statusCode());
        readEventsUntil(e -> e.name().equals("tick") && sampleOf(e, "dash") == null, Duration.ofSeconds(10));
    }

    @Test
    void theRoutersRecentCallsAreInTheSnapshotAndInTicksWhenTheyChange() throws Exception {
        assertEquals(202, send("POST", "/system/functions",
                "{\"service\":\"calls\",\"image\":\"faas.local/default/calls:1\"}", "test-password").statusCode());
        routerCalls = "{\"capacity\":50,\"functions\":[{\"namespace\":\"default\",\"name\":\"calls\",\"total\":2,"
                + "\"calls\":[{\"callId\":\"c-2\",\"at\":1700000000200,\"method\":\"POST\",\"path\":\"/\",\"status\":503,"
                + "\"durationMs\":1500.25,\"coldStart\":true},{\"callId\":\"c-1\",\"at\":1700000000100,\"method\":\"GET\","
                + "\"path\":\"/a\",\"status\":200,\"durationMs\":3.5,\"coldStart\":false}]},"
                + "{\"namespace\":\"default\",\"name\":\"not-deployed\",\"total\":1,\"calls\":[]}]}";

        List<Sse> events = readEventsUntil(e -> e.name().equals("tick") && callsOf(e, "calls") != null,
                Duration.ofSeconds(10));
        JsonNode calls = callsOf(events.get(events.size() - 1), "calls");
        assertEquals(2, calls.path("total").asLong());
        JsonNode newest = calls.path("calls").get(0);
        assertEquals("c-2", newest.path("callId").asText());
        assertEquals(503, newest.path("status").asInt());
        assertEquals(1500.25, newest.path("durationMs").asDouble());
        assertTrue(newest.path("coldStart").asBoolean());
        assertEquals("c-1", calls.path("calls").get(1).path("callId").asText());
        assertEquals(auth("test-password"), routerCallsAuthorization, "read with the control API's credentials");
        assertTrue(callsOf(events.get(events.size() - 1), "not-deployed") == null, "only deployed functions");

        // Unchanged calls are not sent again; a new connection's snapshot carries them.
        List<Sse> later = readEventsUntil(e -> e.name().equals("tick"), Duration.ofSeconds(10));
        JsonNode snapshot = later.get(0).data();
        JsonNode series = null;
        for (JsonNode f : snapshot.path("functions")) {
            if (f.path("name").asText().equals("calls")) {
                series = f;
            }
        }
        assertTrue(series != null, snapshot.toString());
        assertEquals("c-2", series.path("recentCalls").get(0).path("callId").asText());
        assertTrue(callsOf(later.get(later.size() - 1), "calls") == null, "an unchanged function's calls are not in a tick");
        assertEquals(202, send("DELETE", "/system/functions", "{\"functionName\":\"calls\"}", "test-password").statusCode());
    }

    static JsonNode callsOf(Sse tick, String name) {
        for (JsonNode calls : tick.data().path("recentCalls")) {
            if (calls.path("name").asText().equals(name)) {
                return calls;
            }
        }
        return null;
    }

    @Test
    void servesTheBuiltAppUnderUi() throws Exception {
        // Built only where npm is (the no-npm profile): required under CI, skipped on a laptop without Node.js.
        assumeTrue("true".equals(System.getenv("CI")) || getClass().getResource("/ui/main.js") != null,
                "the dashboard was not built (no npm); apt-get install nodejs npm and build again");
        HttpResponse<String> index = send("GET", "/ui/", null, null);
        assertEquals(200, index.statusCode(), index.body());
        assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(index.body().contains("<script type=\"module\" src=\"main.js\">"), index.body());
        assertTrue(index.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        HttpResponse<String> bare = send("GET", "/ui", null, null);
        assertEquals(3, bare.statusCode() / 100, "/ui redirects, status " + bare.statusCode());
        assertEquals("/ui/", bare.headers().firstValue("Location").orElse(""));
        HttpResponse<String> script = send("GET", "/ui/main.js", null, null);
        assertEquals(200, script.statusCode(), "the TypeScript was compiled into the controller's resources");
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(script.body().contains("/system/info"), "the app signs in against the control API");
        assertEquals(200, send("GET", "/ui/app.css", null, null).statusCode());
        HttpResponse<String> missing = send("GET", "/ui/nope.js", null, null);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("no dashboard file 'nope.js'"), missing.body());
        HttpResponse<String> escape = send("GET", "/ui/..%2Fapplication.yml", null, null);
        assertTrue(escape.statusCode() == 400 || escape.statusCode() == 404, "status " + escape.statusCode());
        assertTrue(!escape.body().contains("gateway-url"), "no file outside ui/ is served");
    }
}
