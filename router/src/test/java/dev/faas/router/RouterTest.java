package dev.faas.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.router.fakes.ClosingInstance;
import dev.faas.router.fakes.FakeController;
import dev.faas.router.fakes.FakeController.Script;
import dev.faas.router.fakes.FakeInstance;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The router against a fake controller and fake instances, all on random loopback ports. */
class RouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREDENTIALS = "Basic dXNlcjpzZWNyZXQ="; // user:secret

    private static FakeController controller;
    private static FakeInstance first;
    private static FakeInstance second;
    private static ClosingInstance closing;
    private static EmbeddedServer router;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        controller = new FakeController();
        first = new FakeInstance("echo-1");
        second = new FakeInstance("echo-2");
        closing = new ClosingInstance();
        controller.script("echo", new Script(FakeController.endpoints("echo", 60000, Map.of("echo-1", first.url())),
                0, 200, "{}"));
        controller.script("slow", new Script(FakeController.endpoints("slow", 300, Map.of("echo-1", first.url())),
                0, 200, "{}"));
        // An instance still loading its function (a pooled one being specialized) holds calls until it is ready.
        controller.script("loading", new Script(FakeController.endpoints("loading", 300,
                Map.of("echo-1", first.url()), "", true), 0, 200, "{}"));
        controller.script("dies", new Script(FakeController.endpoints("dies", 60000, Map.of("dies-1", closing.url())),
                0, 200, "{}"));
        Map<String, String> flaky = new LinkedHashMap<>();
        flaky.put("dead-1", "http://127.0.0.1:" + unusedPort());
        flaky.put("echo-2", second.url());
        controller.script("flaky", new Script(FakeController.endpoints("flaky", 60000, flaky), 0, 200, "{}"));
        String empty = FakeController.endpoints("cold", 60000, Map.of());
        controller.script("cold", new Script(empty, 300, 200, "{\"endpoints\":"
                + FakeController.endpoints("cold", 60000, Map.of("echo-2", second.url())) + ",\"coldStartId\":\"cs-42\"}"));
        controller.script("late", new Script(FakeController.endpoints("late", 60000, Map.of()), 100, 200, "{\"endpoints\":"
                + FakeController.endpoints("late", 60000, Map.of("echo-2", second.url())) + ",\"coldStartId\":\"cs-7\"}"));
        controller.script("stuck", new Script(FakeController.endpoints("stuck", 60000, Map.of()), 1500, 200, "{}"));
        controller.script("broken", new Script(FakeController.endpoints("broken", 60000, Map.of()), 0, 503,
                "{\"status\":503,\"message\":\"cannot load handler class 'function.Handler'\"}"));
        router = controller.startRouter(Map.of(
                "faas.router.activation-timeout", "1s",
                "faas.router.max-body-size", "1KB",
                "faas.router.report-interval", "200ms"));
    }

    @AfterAll
    static void stop() throws IOException {
        router.close();
        controller.close();
        first.close();
        second.close();
        closing.close();
    }

    @Test
    void forwardsWithThePrefixStrippedAndTheQueryBodyAndHeadersKept() throws Exception {
        HttpResponse<String> response = send(request("/function/echo.openfaas-fn/items/1?x=1&y=a%20b")
                .header("X-Call-Id", "call-123")
                .header("X-Custom", "kept")
                .POST(BodyPublishers.ofString("hello body")));

        assertEquals(200, response.statusCode());
        Map<String, String> seen = echo(response);
        assertEquals("POST", seen.get("method"));
        assertEquals("/items/1?x=1&y=a%20b", seen.get("path"));
        assertEquals("hello body", seen.get("body"));
        assertEquals("call-123", seen.get("x-call-id"));
        assertEquals("kept", seen.get("x-custom"));
        assertEquals("127.0.0.1", seen.get("x-forwarded-for"));
        assertEquals("http", seen.get("x-forwarded-proto"));
        assertEquals("127.0.0.1:" + router.getPort(), seen.get("x-forwarded-host"));
        long startTime = Long.parseLong(seen.get("x-start-time"));
        assertTrue(Math.abs(System.currentTimeMillis() - startTime) < 60_000, "X-Start-Time is epoch ms");
        assertEquals("call-123", response.headers().firstValue("X-Call-Id").orElseThrow());
        assertEquals(Long.toString(startTime), response.headers().firstValue("X-Start-Time").orElseThrow());
    }

    @Test
    void aBareCallArrivesAsRootWithAGeneratedCallId() throws Exception {
        HttpResponse<String> response = send(request("/function/echo").GET());

        assertEquals(200, response.statusCode());
        Map<String, String> seen = echo(response);
        assertEquals("/", seen.get("path"));
        String generated = seen.get("x-call-id");
        assertFalse(generated == null || generated.equals("null") || generated.isBlank());
        assertEquals(generated, response.headers().firstValue("X-Call-Id").orElseThrow());
    }

    @Test
    void redirectsFromTheFunctionAreReturnedNotFollowed() throws Exception {
        HttpResponse<String> response = send(request("/function/echo/redirect").GET());

        assertEquals(302, response.statusCode());
        assertEquals("/elsewhere", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void anUnknownFunctionIs404Json() throws Exception {
        HttpResponse<String> response = send(request("/function/nope").GET());

        assertError(response, 404, "function 'nope' not found in namespace 'default'");
        assertTrue(response.headers().firstValue("X-Call-Id").isPresent());
    }

    @Test
    void anInvalidFunctionNameIs400Json() throws Exception {
        assertError(send(request("/function/Bad_Name").GET()), 400, "invalid function name 'Bad_Name'");
    }

    @Test
    void anOversizedBodyIs413Json() throws Exception {
        HttpResponse<String> response = send(request("/function/echo")
                .POST(BodyPublishers.ofString("x".repeat(4096))));

        assertError(response, 413, "larger than the router's limit of 1024 bytes");
    }

    @Test
    void anOversizedStreamedBodyIs413Json() throws Exception {
        // No Content-Length: the body arrives chunked and the limit applies while it streams.
        HttpResponse<String> response = send(request("/function/echo").POST(BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream("y".repeat(64 * 1024).getBytes()))));

        assertError(response, 413, "larger than the router's limit of 1024 bytes");
    }

    @Test
    void heldCallsShareOneActivationAndReportTheFirstResponse() throws Exception {
        double fastBefore = fastPathCalls();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(http.sendAsync(request("/function/cold/hi?n=" + i).GET().build(), BodyHandlers.ofString()));
        }
        for (int i = 0; i < calls.size(); i++) {
            HttpResponse<String> response = calls.get(i).join();
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("/hi?n=" + i, echo(response).get("path"));
            assertEquals("echo-2", echo(response).get("instance"));
        }
        assertEquals(1, controller.activations("cold"));
        // Small calls to a function at zero wait for its activation on the fast path, whose code warm calls keep
        // compiled, rather than on the general path that only cold starts would run.
        assertEquals(fastBefore + 5, fastPathCalls());
        FakeController.Received activation = controller.received("/system/activate/default/cold").get(0);
        JsonNode body = JSON.readTree(activation.body());
        assertEquals(1000, body.get("timeoutMs").asLong());
        assertTrue(body.get("arrivedAt").asLong() > 0);
        assertEquals(CREDENTIALS, activation.authorization());
        awaitTrue(() -> !controller.received("/system/cold-starts/cs-42/first-response").isEmpty());
        String firstResponse = controller.received("/system/cold-starts/cs-42/first-response").get(0).body();
        assertTrue(JSON.readTree(firstResponse).get("at").asLong() >= body.get("arrivedAt").asLong());
        // The other held calls' responses are not the cold start's first: give stray reports time to arrive.
        Thread.sleep(500);
        assertEquals(1, controller.received("/system/cold-starts/cs-42/first-response").size(),
                "one first-response report per cold start");
    }

    @Test
    void anActivationThatTakesTooLongIs503Json() throws Exception {
        assertError(send(request("/function/stuck").GET()), 503, "no instance of 'stuck' became ready within 1s");
    }

    @Test
    void theControllersActivationFailureIsPassedOnAs503() throws Exception {
        assertError(send(request("/function/broken").GET()), 503,
                "no instance of 'broken' became ready within 1s: cannot load handler class 'function.Handler'");
    }

    @Test
    void aCallToAnInstanceStillLoadingMayWaitForTheLoadBeyondItsOwnTimeout() throws Exception {
        // 800 ms stands for a load the call waits out at the instance: over the function's 300 ms, within the
        // activation timeout (1 s) it would have waited for the instance to be ready.
        HttpResponse<String> fast = send(request("/function/loading/slow?ms=800").GET());
        assertEquals(200, fast.statusCode(), fast.body());
        // A body of unknown length (chunked) goes through the general path, which must allow the same.
        HttpResponse<String> general = send(request("/function/loading/slow?ms=800").POST(
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream("hi".getBytes()))));
        assertEquals(200, general.statusCode(), general.body());
    }

    @Test
    void aFunctionSlowerThanItsTimeoutIs504Json() throws Exception {
        // Twice: the first call takes the general path, the second (endpoints known) the fast path.
        for (int i = 0; i < 2; i++) {
            assertError(send(request("/function/slow/slow?ms=1500").GET()), 504,
                    "function 'slow' did not answer within 300ms");
        }
        assertEquals(200, send(request("/function/slow/x").GET()).statusCode(), "the instance is still usable");
    }

    @Test
    void anInstanceThatClosesTheConnectionIs502Json() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertError(send(request("/function/dies").POST(BodyPublishers.ofString("payload"))), 502,
                    "instance dies-1 of 'dies' closed the connection before answering");
        }
    }

    @Test
    void aRefusedConnectionIsRetriedOnAnotherInstance() throws Exception {
        double retriesBefore = metric("faas_router_retries_total");
        // Instances tie on load and are picked at random: call until the dead one has been picked once.
        for (int i = 0; i < 30 && metric("faas_router_retries_total") == retriesBefore; i++) {
            HttpResponse<String> response = send(request("/function/flaky/x").POST(BodyPublishers.ofString("b" + i)));
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("echo-2", echo(response).get("instance"));
            assertEquals("b" + i, echo(response).get("body"));
        }
        assertTrue(metric("faas_router_retries_total") > retriesBefore, "the dead instance was never tried");
    }

    @Test
    void systemCallsPassThroughWithTheCallersAuthorization() throws Exception {
        HttpResponse<String> denied = send(request("/system/echo?a=1").GET());
        assertEquals(401, denied.statusCode());
        assertEquals("{\"status\":401,\"message\":\"credentials required\"}", denied.body());
        assertTrue(denied.headers().firstValue("WWW-Authenticate").isPresent());

        HttpResponse<String> allowed = send(request("/system/echo?a=1")
                .header("Authorization", CREDENTIALS).PUT(BodyPublishers.ofString("data")));
        assertEquals(201, allowed.statusCode());
        assertEquals("PUT /system/echo?a=1 data", allowed.body());

        assertEquals(201, send(request("/healthz").GET()).statusCode());

        // The dashboard is the controller's too: its files are fetched through the router.
        send(request("/ui/app.css").GET());
        assertEquals(1, controller.received("/ui/app.css").size(), "the dashboard's paths reach the controller");
    }

    @Test
    void trafficReportsCarryRequestsAndCallsInFlight() throws Exception {
        CompletableFuture<HttpResponse<String>> slowCall =
                http.sendAsync(request("/function/echo/slow?ms=800").GET().build(), BodyHandlers.ofString());
        awaitTrue(() -> controller.received("/system/traffic").stream()
                .anyMatch(r -> r.body().contains("\"inFlight\":1") && r.body().contains("\"echo-1\":1")));
        assertEquals(200, slowCall.join().statusCode());

        FakeController.Received report = controller.received("/system/traffic").stream()
                .filter(r -> r.body().contains("\"echo-1\":1")).findFirst().orElseThrow();
        assertEquals(CREDENTIALS, report.authorization());
        JsonNode body = JSON.readTree(report.body());
        assertTrue(body.get("router").asText().startsWith("router-"));
        JsonNode echo = null;
        for (JsonNode function : body.get("functions")) {
            if (function.get("name").asText().equals("echo")) {
                echo = function;
            }
        }
        assertNotNull(echo);
        assertEquals("default", echo.get("namespace").asText());
        assertTrue(echo.get("requests").asLong() >= 0);
        long reportedRequests = 0;
        for (FakeController.Received r : controller.received("/system/traffic")) {
            for (JsonNode function : JSON.readTree(r.body()).get("functions")) {
                if (function.get("name").asText().equals("echo")) {
                    reportedRequests += function.get("requests").asLong();
                }
            }
        }
        assertTrue(reportedRequests >= 1, "the slow call was counted");
    }

    @Test
    void metricsArePublishedForPrometheus() throws Exception {
        send(request("/function/echo").GET());
        send(request("/function/broken").GET());
        HttpResponse<String> metrics = send(request("/metrics").GET());

        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("faas_router_requests_total{function=\"echo\",namespace=\"default\",status=\"200\"}"),
                metrics.body());
        assertTrue(metrics.body().contains("faas_router_request_seconds_bucket"));
        assertTrue(metrics.body().contains("faas_router_in_flight{function=\"echo\""));
        assertTrue(metrics.body().contains("faas_router_held_requests{function=\"broken\",namespace=\"default\"} 0.0"));
        assertTrue(metrics.body().contains("faas_router_retries_total"));
    }

    @Test
    void eachFunctionsRecentCallsAreServedBehindTheCredentials() throws Exception {
        send(request("/function/echo/kept/1?token=not-shown").header("X-Call-Id", "recent-warm")
                .POST(BodyPublishers.ofString("x")));
        send(request("/function/late/wake").header("X-Call-Id", "recent-cold").GET());
        send(request("/function/echo/redirect").header("X-Call-Id", "recent-302").GET());

        assertError(send(request("/internal/calls").GET()), 401, "credentials");
        assertError(send(request("/internal/calls").header("Authorization", "Basic dXNlcjp3cm9uZw==").GET()), 401,
                "credentials");
        Map<String, JsonNode> calls = new LinkedHashMap<>();
        awaitTrue(() -> {
            calls.clear();
            try {
                HttpResponse<String> answer = send(request("/internal/calls").header("Authorization", CREDENTIALS).GET());
                assertEquals(200, answer.statusCode(), answer.body());
                for (JsonNode function : JSON.readTree(answer.body()).get("functions")) {
                    for (JsonNode call : function.get("calls")) {
                        calls.put(call.get("callId").asText(), ((com.fasterxml.jackson.databind.node.ObjectNode) call)
                                .put("function", function.get("namespace").asText() + "/" + function.get("name").asText()));
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return calls.keySet().containsAll(List.of("recent-warm", "recent-cold", "recent-302"));
        });
        JsonNode warm = calls.get("recent-warm");
        assertEquals("default/echo", warm.get("function").asText());
        assertEquals("POST", warm.get("method").asText());
        assertEquals("/kept/1", warm.get("path").asText(), "the query is left out");
        assertEquals(200, warm.get("status").asInt());
        assertTrue(warm.get("durationMs").asDouble() > 0, warm.toString());
        assertFalse(warm.get("coldStart").asBoolean());
        assertTrue(Math.abs(System.currentTimeMillis() - warm.get("at").asLong()) < 60_000, "at is epoch ms");
        assertEquals(302, calls.get("recent-302").get("status").asInt());
        JsonNode cold = calls.get("recent-cold");
        assertEquals("default/late", cold.get("function").asText());
        assertTrue(cold.get("coldStart").asBoolean(), "the call waited for cold start cs-7: " + cold);
        assertTrue(cold.get("durationMs").asDouble() >= 100, "it waited for the 100 ms activation: " + cold);

        HttpResponse<String> one = send(request("/internal/calls?namespace=default&name=echo&limit=1")
                .header("Authorization", CREDENTIALS).GET());
        JsonNode functions = JSON.readTree(one.body()).get("functions");
        assertEquals(1, functions.size(), one.body());
        assertEquals(1, functions.get(0).get("calls").size(), one.body());
        assertTrue(functions.get(0).get("total").asLong() >= 2, one.body());
        assertEquals(50, JSON.readTree(one.body()).get("capacity").asInt());
    }

    @Test
    void unknownPathsAre404Json() throws Exception {
        assertError(send(request("/nowhere").GET()), 404, "nothing is served at '/nowhere'");
    }

    private static double fastPathCalls() throws Exception {
        String metrics = send(request("/metrics").GET()).body();
        return metrics.lines().filter(l -> l.startsWith("faas_router_fast_path_calls_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).sum();
    }

    private static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.getPort() + pathAndQuery));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static Map<String, String> echo(HttpResponse<String> response) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                lines.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return lines;
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(status, body.get("status").asInt());
        assertTrue(body.get("message").asText().contains(messagePart), body.get("message").asText());
    }

    private static double metric(String name) throws Exception {
        for (String line : send(request("/metrics").GET()).body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 5s");
            Thread.sleep(20);
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
