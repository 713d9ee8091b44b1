package dev.faas.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.router.fakes.FakeController;
import dev.faas.router.fakes.FakeController.Script;
import dev.faas.router.fakes.FakeInstance;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streaming-aware in-flight counts, per-instance concurrency limits, the bounded queue (429) and its metrics. */
class RouterLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FakeController controller;
    private static FakeInstance streamer;
    private static FakeInstance limited;
    private static FakeInstance patient;
    private static FakeInstance warm;
    private static FakeInstance doomed;
    private static FakeInstance successor;
    private static EmbeddedServer router;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        controller = new FakeController();
        streamer = new FakeInstance("stream-1");
        limited = new FakeInstance("limited-1");
        patient = new FakeInstance("patient-1");
        warm = new FakeInstance("warm-1");
        doomed = new FakeInstance("doomed-1");
        successor = new FakeInstance("successor-1");
        controller.script("moved", new Script(FakeController.endpoints("moved", 60000,
                Map.of("doomed-1", doomed.url())), 0, 200, "{\"endpoints\":" + FakeController.endpoints("moved",
                60000, Map.of("successor-1", successor.url())) + ",\"coldStartId\":\"cs-moved\"}"));
        controller.script("stream", new Script(FakeController.endpoints("stream", 60000,
                Map.of("stream-1", streamer.url())), 0, 200, "{}"));
        controller.script("limited", new Script(FakeController.endpoints("limited", 60000,
                Map.of("limited-1", limited.url()), ",\"concurrency\":1,\"queueSize\":1"), 0, 200, "{}"));
        controller.script("patient", new Script(FakeController.endpoints("patient", 60000,
                Map.of("patient-1", patient.url()), ",\"concurrency\":1,\"queueSize\":5"), 0, 200, "{}"));
        String atZero = FakeController.endpoints("sleepy", 60000, Map.of(), ",\"concurrency\":1,\"queueSize\":2");
        controller.script("sleepy", new Script(atZero, 600, 200, "{\"endpoints\":" + FakeController.endpoints("sleepy",
                60000, Map.of("warm-1", warm.url()), ",\"concurrency\":1,\"queueSize\":2") + ",\"coldStartId\":null}"));
        router = controller.startRouter(Map.of(
                "faas.router.activation-timeout", "1s",
                "faas.router.report-interval", "100ms",
                // Longer than any test here: the fast path takes only fresh endpoints.
                "faas.router.endpoint-refresh", "30s"));
    }

    @AfterAll
    static void stop() {
        router.close();
        controller.close();
        streamer.close();
        limited.close();
        patient.close();
        warm.close();
        doomed.close();
        successor.close();
    }

    @Test
    void theFastPathActivatesWhenItsOnlyKnownInstanceRefusesTheConnection() throws Exception {
        // Cached and fresh: the next call takes the fast path to doomed-1, which is gone by then (it died, or
        // the function went to zero). Nothing was sent, so the call must be activated and answered elsewhere.
        assertEquals(200, send("/function/moved/first").statusCode());
        doomed.close();
        double fastBefore = metric("faas_router_fast_path_calls_total");

        HttpResponse<String> response = send("/function/moved/second");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("instance: successor-1\n"), response.body());
        assertEquals(fastBefore + 1, metric("faas_router_fast_path_calls_total"), "it came through the fast path");
        // The activation was a cold start: its first response is reported, as on the general path.
        awaitTrue(() -> !controller.received("/system/cold-starts/cs-moved/first-response").isEmpty());
    }

    @Test
    void aStreamingCallIsInFlightUntilItsLastByteIsWritten() throws Exception {
        // The first call finds no endpoints cached and takes the general path; the second the fast path.
        double fastBefore = metric("faas_router_fast_path_calls_total");
        String latency = "faas_router_request_seconds_sum{function=\"stream\",namespace=\"default\"}";
        for (int call = 0; call < 2; call++) {
            double before = Double.isNaN(metric(latency)) ? 0 : metric(latency);
            streamAndWatchInFlight();
            // 8 chunks 150 ms apart: the latency histogram ends at the last byte, not at the headers.
            double after = metric(latency);
            assertTrue(after - before >= 1.0, "call " + call + " recorded " + (after - before) + " s");
        }
        assertTrue(metric("faas_router_fast_path_calls_total") > fastBefore, "the fast path was not taken");
    }

    @Test
    void theFastPathForwardsPathQueryHeadersAndALargeBody() throws Exception {
        assertEquals(200, send("/function/stream/warm-up").statusCode());
        double fastBefore = metric("faas_router_fast_path_calls_total");
        String body = "0123456789abcdef".repeat(64 * 1024);
        HttpResponse<String> response = http.send(request("/function/stream.openfaas-fn/items/1?x=1&y=a%20b")
                .header("X-Call-Id", "fast-1").header("Proxy-Authorization", "Basic c2VjcmV0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(fastBefore + 1, metric("faas_router_fast_path_calls_total"));
        assertTrue(response.body().contains("path: /items/1?x=1&y=a%20b\n"), response.body().substring(0, 200));
        assertTrue(response.body().contains("body: " + body + "\n"), "the 1 MiB body arrived whole");
        assertTrue(response.body().contains("x-call-id: fast-1\n"));
        assertTrue(response.body().contains("x-forwarded-for: 127.0.0.1\n"));
        assertTrue(response.body().contains("x-forwarded-host: 127.0.0.1:" + router.getPort() + "\n"));
        assertTrue(response.body().contains("proxy-authorization: null\n"), "hop-by-hop headers are dropped");
        assertEquals("fast-1", response.headers().firstValue("X-Call-Id").orElseThrow());
        assertTrue(response.headers().firstValue("X-Duration-Ms").isPresent());
        assertEquals(Integer.toString(response.body().getBytes(StandardCharsets.UTF_8).length),
                response.headers().firstValue("Content-Length").orElseThrow(), "the instance's framing is kept");
    }

    private static void streamAndWatchInFlight() throws Exception {
        HttpResponse<InputStream> response = http.send(request("/function/stream/stream?chunks=8&ms=150").GET().build(),
                BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals("chunk 0", body.readLine());
            // Headers and the first chunk are here, the rest streams on: the call is still in flight.
            assertEquals(1.0, metric("faas_router_in_flight{function=\"stream\",namespace=\"default\"}"));
            long reportsBefore = controller.received("/system/traffic").size();
            awaitTrue(() -> controller.received("/system/traffic").stream().skip(reportsBefore)
                    .anyMatch(r -> r.body().contains("\"stream-1\":1")));
            List<String> rest = new ArrayList<>();
            for (String line; (line = body.readLine()) != null; ) {
                rest.add(line);
            }
            assertEquals(7, rest.size(), "every chunk arrives: " + rest);
            assertEquals("chunk 7", rest.get(6));
        }
        awaitTrue(() -> metricOrFail("faas_router_in_flight{function=\"stream\",namespace=\"default\"}") == 0.0);
    }

    @Test
    void aCallerThatGoesAwayMidStreamEndsItsCall() throws Exception {
        send("/function/stream/warm-up");
        double fastBefore = metric("faas_router_fast_path_calls_total");
        HttpResponse<InputStream> response = http.send(request("/function/stream/stream?chunks=40&ms=100").GET().build(),
                BodyHandlers.ofInputStream());
        InputStream body = response.body();
        body.read();
        assertEquals(1.0, metric("faas_router_in_flight{function=\"stream\",namespace=\"default\"}"));
        body.close();
        // Long before the instance would finish (4s), the router notices the caller left.
        awaitTrue(() -> metricOrFail("faas_router_in_flight{function=\"stream\",namespace=\"default\"}") == 0.0);
        assertEquals(fastBefore + 1, metric("faas_router_fast_path_calls_total"));
    }

    @Test
    void anInstanceNeverGetsMoreThanItsLimitAndPastTheQueueCallsGet429() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(http.sendAsync(request("/function/limited/slow?ms=400").GET().build(), BodyHandlers.ofString()));
            // In arrival order: the first runs, the second waits, the third finds the queue full.
            Thread.sleep(100);
        }
        assertEquals(200, calls.get(0).join().statusCode());
        assertEquals(200, calls.get(1).join().statusCode());
        HttpResponse<String> rejected = calls.get(2).join();
        assertError(rejected, 429, "function 'limited' in namespace 'default' is at its call limit (1 at once per "
                + "instance, 1 waiting); retry after 1s");
        assertEquals("1", rejected.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(1, limited.maxConcurrent(), "the instance got more calls at once than its limit");
        assertTrue(metric("faas_router_requests_total{function=\"limited\",namespace=\"default\",status=\"429\"}") >= 1);
    }

    @Test
    void bodilessResponsesEndTheirCallToo() throws Exception {
        // Concurrency 1: a slot kept by a response without a body would make the next call wait, then 503.
        for (int i = 0; i < 3; i++) {
            assertEquals(204, send("/function/limited/empty").statusCode());
            HttpResponse<String> head = http.send(request("/function/limited/x").method("HEAD",
                    HttpRequest.BodyPublishers.noBody()).build(), BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
        }
        awaitTrue(() -> metricOrFail("faas_router_in_flight{function=\"limited\",namespace=\"default\"}") == 0.0);
    }

    @Test
    void waitingForAFreeSlotIsBoundedByTheActivationTimeout() throws Exception {
        // The first call also fetches the endpoints: after it, calls reach the queue in the order they are sent.
        assertEquals(200, send("/function/patient/warm-up").statusCode());
        CompletableFuture<HttpResponse<String>> busy =
                http.sendAsync(request("/function/patient/slow?ms=1800").GET().build(), BodyHandlers.ofString());
        Thread.sleep(100);
        CompletableFuture<HttpResponse<String>> waiting =
                http.sendAsync(request("/function/patient/x").GET().build(), BodyHandlers.ofString());
        awaitTrue(() -> metricOrFail("faas_router_queue_depth{function=\"patient\",namespace=\"default\"}") == 1.0);
        assertError(waiting.join(), 503, "no instance of 'patient' had a free slot within 1s");
        assertEquals(0.0, metric("faas_router_queue_depth{function=\"patient\",namespace=\"default\"}"));
        assertEquals(200, busy.join().statusCode());
        assertEquals(200, send("/function/patient/x").statusCode(), "the slot is free again");
    }

    @Test
    void callsHeldForAScaleUpCountAgainstTheQueue() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(http.sendAsync(request("/function/sleepy/n" + i).GET().build(), BodyHandlers.ofString()));
        }
        awaitTrue(() -> metricOrFail("faas_router_held_requests{function=\"sleepy\",namespace=\"default\"}") == 2.0);
        int ok = 0;
        int tooMany = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            if (response.statusCode() == 200) {
                ok++;
            } else {
                assertError(response, 429, "function 'sleepy' in namespace 'default' is at its call limit");
                assertEquals("1", response.headers().firstValue("Retry-After").orElse(null), "when to try again");
                tooMany++;
            }
        }
        assertEquals(2, ok, "the two held calls are served once the instance is ready");
        assertEquals(2, tooMany, "the calls past the queue are turned away at once");
        assertEquals(1, warm.maxConcurrent());
        assertEquals(1, controller.activations("sleepy"));
    }

    private static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.getPort() + pathAndQuery));
    }

    private static HttpResponse<String> send(String pathAndQuery) throws Exception {
        return http.send(request(pathAndQuery).GET().build(), BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(status, body.get("status").asInt());
        assertTrue(body.get("message").asText().contains(messagePart), body.get("message").asText());
    }

    /** The value of one series, e.g. {@code name{label="x"}}; NaN when it is not published (yet). */
    private static double metric(String series) throws Exception {
        for (String line : send("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    private static double metricOrFail(String series) {
        try {
            return metric(series);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 5s");
            Thread.sleep(20);
        }
    }
}
