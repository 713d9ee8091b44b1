package dev.faas.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user's journey of the quick start, against the real platform: {@code faas up} with the examples, a new
 * function from a template built by the controller, calls through the router, scale to zero and back with the
 * cold start recorded, and every kind of bad input the platform must answer clearly without losing the old version.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndTest {
    private static final String GOOD_HANDLER = """
            package function;

            import dev.faas.function.Context;
            import dev.faas.function.Request;
            import dev.faas.function.Response;

            public class Handler implements dev.faas.function.Handler {
                @Override
                public Response handle(Request request, Context context) {
                    String body = request.bodyAsString();
                    if (body.equals("boom")) {
                        throw new IllegalStateException("boom requested");
                    }
                    if (body.equals("die")) {
                        Runtime.getRuntime().halt(3);
                    }
                    return Response.ok("Hello, " + body + "!");
                }
            }
            """;

    @TempDir
    static Path work;
    static Platform platform;
    static Path functionDir;

    @BeforeAll
    static void up() throws Exception {
        platform = Platform.up(work.resolve("faas-home"), "--idle-timeout", "3s");
    }

    @AfterAll
    static void down() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void quickStartExamplesAnswerThroughTheRouter() throws Exception {
        HttpResponse<String> hello = platform.invoke("hello", "world");
        assertEquals(200, hello.statusCode(), hello.body());
        assertEquals("Hello, world!", hello.body());
        assertNotNull(hello.headers().firstValue("X-Call-Id").orElse(null), "X-Call-Id on every response");
        assertNotNull(hello.headers().firstValue("X-Start-Time").orElse(null), "X-Start-Time on every response");

        // cart calls products through the router: an existing product is added, an unknown one is refused.
        HttpResponse<String> products = platform.call("GET", "/function/products", null, Map.of());
        assertEquals(200, products.statusCode(), products.body());
        String productId = Platform.JSON.readTree(products.body()).get(0).get("id").asText();
        HttpResponse<String> added = platform.call("POST", "/function/cart/items",
                "{\"productId\":\"" + productId + "\",\"quantity\":2}",
                Map.of("Content-Type", "application/json", "X-Cart-Id", "e2e"));
        assertEquals(201, added.statusCode(), added.body());
        HttpResponse<String> unknown = platform.call("POST", "/function/cart/items",
                "{\"productId\":\"no-such-product\",\"quantity\":1}",
                Map.of("Content-Type", "application/json", "X-Cart-Id", "e2e"));
        assertEquals(404, unknown.statusCode(), unknown.body());
    }

    @Test
    @Order(2)
    void newFunctionFromTemplateIsBuiltDeployedAndCalled() throws Exception {
        Platform.CliResult created = platform.cli(work, Duration.ofSeconds(60), "new", "greet", "--template", "java");
        assertEquals(0, created.exitCode(), created.output());
        functionDir = work.resolve("greet");
        Path handler = functionDir.resolve("src/main/java/function/Handler.java");
        assertTrue(Files.exists(handler), "the template's handler is copied");
        Files.writeString(handler, GOOD_HANDLER);
        Files.deleteIfExists(functionDir.resolve("src/test/java/function/HandlerTest.java"));

        Platform.CliResult deployed = platform.cli(work, Duration.ofMinutes(5), "deploy", "-f", "greet.yml");
        assertEquals(0, deployed.exitCode(), deployed.output());

        HttpResponse<String> response = platform.invoke("greet", "hi");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Hello, hi!", response.body());
        // faas-cli appends the OpenFaaS namespace; it is the default one.
        assertEquals("Hello, ns!", platform.invoke("greet.openfaas-fn", "ns").body());
    }

    @Test
    @Order(3)
    void unknownFunctionIs404WithAMessage() throws Exception {
        HttpResponse<String> response = platform.invoke("no-such-function", "x");
        assertEquals(404, response.statusCode());
        assertTrue(message(response).contains("no-such-function"), response.body());
    }

    @Test
    @Order(4)
    void invalidNameIs400SayingWhy() throws Exception {
        HttpResponse<String> response = platform.system("POST", "/system/functions",
                "{\"service\":\"Bad_Name\",\"image\":\"faas.local/default/x:1\"}");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(message(response).contains("DNS-1123"), response.body());
    }

    @Test
    @Order(5)
    void controlApiNeedsCredentials() throws Exception {
        HttpResponse<String> anonymous = platform.call("GET", "/system/functions", null, Map.of());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        HttpResponse<String> wrong = platform.call("GET", "/system/functions", null,
                Map.of("Authorization", "Basic YWRtaW46d3Jvbmc="));
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals(200, platform.system("GET", "/system/functions", null).statusCode());
    }

    @Test
    @Order(6)
    void handlerThatThrowsGets500JsonAndTheInstanceKeepsServing() throws Exception {
        HttpResponse<String> failed = platform.invoke("greet", "boom");
        assertEquals(500, failed.statusCode(), failed.body());
        assertTrue(message(failed).contains("boom requested"), failed.body());
        assertFalse(failed.body().contains("at function.Handler"), "no stack trace in the response: " + failed.body());
        assertEquals("Hello, again!", platform.invoke("greet", "again").body());
    }

    @Test
    @Order(7)
    void compileErrorFailsTheDeployAndTheOldVersionKeepsServing() throws Exception {
        Path handler = functionDir.resolve("src/main/java/function/Handler.java");
        Files.writeString(handler, GOOD_HANDLER.replace("return Response.ok(", "return Response.okay("));
        Platform.CliResult deployed = platform.cli(work, Duration.ofMinutes(5), "deploy", "-f", "greet.yml");
        assertNotEquals(0, deployed.exitCode(), deployed.output());
        assertTrue(deployed.output().contains("cannot find symbol"), "the compiler's message is shown:\n" + deployed.output());
        HttpResponse<String> still = platform.invoke("greet", "still");
        assertEquals(200, still.statusCode(), still.body());
        assertEquals("Hello, still!", still.body());
        Files.writeString(handler, GOOD_HANDLER);
    }

    @Test
    @Order(8)
    void handlerThatKillsItsJvmGets502AndANewInstanceAnswers() throws Exception {
        HttpResponse<String> died = platform.invoke("greet", "die");
        assertEquals(502, died.statusCode(), died.body());
        assertFalse(message(died).isBlank(), died.body());
        HttpResponse<String> next = platform.invoke("greet", "back");
        assertEquals(200, next.statusCode(), next.body());
        assertEquals("Hello, back!", next.body());
    }

    @Test
    @Order(9)
    void idleFunctionScalesToZeroAndTheNextCallRecordsAColdStart() throws Exception {
        Platform.await(() -> "greet to scale to zero: " + statusText("greet"), Duration.ofSeconds(60), () -> {
            try {
                JsonNode status = platform.status("greet");
                boolean noneLeft = true;
                for (JsonNode instance : status.path("instances")) {
                    String state = instance.path("state").asText();
                    noneLeft &= state.equals("STOPPED") || state.equals("FAILED");
                }
                // A draining instance still answers calls the router had already routed to it.
                return status.get("availableReplicas").asInt() == 0 && noneLeft;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long coldStartsBefore = platform.status("greet").path("coldStarts").path("count").asLong();

        HttpResponse<String> response = platform.invoke("greet", "cold");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Hello, cold!", response.body());

        Platform.await(() -> "the cold start's first response to be recorded: " + statusText("greet"),
                Duration.ofSeconds(10), () -> {
            try {
                JsonNode coldStarts = platform.status("greet").path("coldStarts");
                return coldStarts.path("count").asLong() > coldStartsBefore
                        && coldStarts.path("recent").get(0).path("phases").has("first_response");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode status = platform.status("greet");
        JsonNode phases = status.path("coldStarts").path("recent").get(0).path("phases");
        for (String phase : new String[] {"schedule", "process_start", "runtime_init", "handler_load", "readiness",
                "first_response", "total"}) {
            assertTrue(phases.has(phase), "phase " + phase + " recorded: " + phases);
        }
        assertTrue(status.path("coldStarts").path("p50Ms").asDouble() > 0, status.toString());

        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + platform.controllerPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(metrics.body().lines().anyMatch(line -> line.startsWith("faas_cold_start_seconds")
                && line.contains("function=\"greet\"") && line.contains("phase=\"total\"")), "cold-start histogram exported");

        Platform.CliResult described = platform.cli(work, Duration.ofSeconds(60), "describe", "greet");
        assertEquals(0, described.exitCode(), described.output());
        assertTrue(described.output().contains("handler_load"), described.output());
    }

    @Test
    @Order(10)
    void controllerRestartAdoptsRunningInstancesAndLosesNoState() throws Exception {
        // cart never scales to zero and keeps carts in memory: the same instance after the restart keeps the cart.
        JsonNode before = platform.status("cart");
        String instance = readyInstance(before);
        platform.killControllerHard();
        platform.upAgain("--idle-timeout", "3s");

        JsonNode after = platform.status("cart");
        assertEquals(instance, readyInstance(after), "the running instance is adopted, not replaced: " + after);
        HttpResponse<String> cart = platform.call("GET", "/function/cart", null, Map.of("X-Cart-Id", "e2e"));
        assertEquals(200, cart.statusCode(), cart.body());
        assertEquals(2, Platform.JSON.readTree(cart.body()).path("itemCount").asInt(), cart.body());
        // The spec survived too: functions deployed before the crash are all still known.
        assertEquals("Hello, again!", platform.invoke("greet", "again").body());
    }

    private static String readyInstance(JsonNode status) {
        for (JsonNode instance : status.path("instances")) {
            if (instance.path("state").asText().equals("READY")) {
                return instance.path("id").asText();
            }
        }
        throw new AssertionError("no READY instance: " + status);
    }

    private static String statusText(String function) {
        try {
            return platform.status(function).toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String message(HttpResponse<String> response) throws Exception {
        JsonNode body = Platform.JSON.readTree(response.body());
        return body.path("message").asText();
    }
}
