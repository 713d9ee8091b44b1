package dev.faas.runtime;

import static dev.faas.runtime.TestCalls.config;
import static dev.faas.runtime.TestCalls.get;
import static dev.faas.runtime.TestCalls.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faas.runtime.fixtures.EnvHandler;
import dev.faas.runtime.fixtures.FailingInitHandler;
import dev.faas.runtime.json.JsonParser;
import dev.faas.runtime.json.JsonWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generic (pooled) runtime: no function until one authorized specialization, and never a second one. */
class GenericRuntimeTest {

    private static final String TOKEN = "t0ken-of-this-instance";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path secrets;
    private RuntimeServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ZERO);
        }
    }

    private RuntimeServer generic() throws Exception {
        return generic(RuntimeServer.HAND_OVER_WAIT);
    }

    private RuntimeServer generic(Duration handOverWait) throws Exception {
        Map<String, String> processEnv = Map.of(Specialization.TOKEN_VARIABLE, TOKEN, "RUNTIME_WIDE", "yes");
        server = new RuntimeServer(config("function", null, null), Specialization.fromEnv(processEnv), handOverWait);
        server.start();
        assertEquals("starting", json(get(server, "/_/health")).get("status"), "not handed out before its warm-up");
        assertTrue(server.prepareGeneric(), "warmed up whole, a call through its own server included");
        return server;
    }

    private HttpResponse<String> specialize(String token, String handler, Map<String, String> extraEnv)
            throws Exception {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("FAAS_FUNCTION_NAME", "fn-" + handler.substring(handler.lastIndexOf('.') + 1).toLowerCase());
        env.put("FAAS_HANDLER", handler);
        String body = JsonWriter.write(Map.of("env", env));
        HttpRequest.Builder request = HttpRequest.newBuilder(TestCalls.uri(server, SpecializeEndpoint.PATH))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return TestCalls.send(server, request.build());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        return (Map<String, Object>) JsonParser.parse(response.body());
    }

    @Test
    void isHealthyButServesNothingUntilSpecializedThenServesThatFunctionWithItsEnvAndSecrets() throws Exception {
        generic();
        HttpResponse<String> health = get(server, "/_/health");
        assertEquals(200, health.statusCode());
        assertEquals("generic", json(health).get("status"));
        // The controller routes calls here as soon as it sends the specialization: one may come first, and waits.
        CompletableFuture<HttpResponse<String>> early = HTTP.sendAsync(
                HttpRequest.newBuilder(TestCalls.uri(server, "/?env=MARK")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertFalse(early.isDone(), "a call before the specialization is held, not turned away");

        Files.writeString(secrets.resolve("api-key"), "s3cret-a");
        HttpResponse<String> done = specialize(TOKEN, EnvHandler.class.getName(),
                Map.of("MARK", "for-env-handler", "FAAS_SECRETS_DIR", secrets.toString()));
        assertEquals(200, done.statusCode(), done.body());
        Map<String, Object> body = json(done);
        assertEquals("ready", body.get("status"));
        assertEquals("fn-envhandler", body.get("function"));
        assertTrue((Long) body.get("handlerLoaded") >= (Long) body.get("specialized"));
        assertTrue((Long) body.get("specialized") >= (Long) body.get("runtimeReady"));
        HttpResponse<String> held = early.get(5, TimeUnit.SECONDS);
        assertEquals(200, held.statusCode(), held.body());
        assertEquals("for-env-handler", held.body(), "the held call is served by the function it was waiting for");

        assertEquals("for-env-handler", get(server, "/?env=MARK").body());
        assertEquals("yes", get(server, "/?env=RUNTIME_WIDE").body());
        assertEquals("null", get(server, "/?env=" + Specialization.TOKEN_VARIABLE).body(),
                "the token is not part of the function's environment");
        assertEquals("fn-envhandler:s3cret-a", get(server, "/?secret=api-key").body());
        assertEquals(200, get(server, "/_/health").statusCode());
        assertEquals("ready", json(get(server, "/_/health")).get("status"));
    }

    @Test
    void aCallToAGenericRuntimeThatIsNeverSpecializedIsTurnedAwayAfterTheHandOverWait() throws Exception {
        generic(Duration.ofMillis(400));
        assertEquals(503, post(server, "/_/warmup", "x").statusCode(), "the warm-up's path is gone");
        long start = System.nanoTime();
        HttpResponse<String> early = get(server, "/?env=X");
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(503, early.statusCode());
        String message = json(early).get("message").toString();
        assertTrue(message.contains("was not given its function") && message.contains("the call was not run"),
                message);
        assertFalse(message.contains("'function'"), "a generic runtime names no function of its own: " + message);
        assertTrue(waitedMs >= 400, "it waited for a specialization first: " + waitedMs + " ms");
    }

    @Test
    void refusesRequestsWithoutTheTokenAndASecondSpecialization() throws Exception {
        generic();
        assertEquals(401, specialize(null, EnvHandler.class.getName(), Map.of()).statusCode());
        HttpResponse<String> wrong = specialize("not-" + TOKEN, EnvHandler.class.getName(), Map.of());
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("token"), wrong.body());
        assertEquals("generic", json(get(server, "/_/health")).get("status"), "a refused request changes nothing");

        assertEquals(200, specialize(TOKEN, EnvHandler.class.getName(), Map.of("MARK", "first")).statusCode());
        HttpResponse<String> again = specialize(TOKEN, EnvHandler.class.getName(), Map.of("MARK", "second"));
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("already serves function 'fn-envhandler'"), again.body());
        assertEquals("first", get(server, "/?env=MARK").body());
    }

    @Test
    void aFailingInitIsReportedAndTheInstanceCannotBeSpecializedAgain() throws Exception {
        generic();
        HttpResponse<String> failed = specialize(TOKEN, FailingInitHandler.class.getName(), Map.of());
        assertEquals(500, failed.statusCode());
        assertTrue(json(failed).get("message").toString().contains("init failed: IllegalStateException: DATABASE_URL"),
                failed.body());
        HttpResponse<String> health = get(server, "/_/health");
        assertEquals(503, health.statusCode());
        assertEquals("failed", json(health).get("status"));

        assertEquals(409, specialize(TOKEN, EnvHandler.class.getName(), Map.of()).statusCode(),
                "a failed instance is discarded, never given another function");
    }

    @Test
    void aRuntimeStartedWithItsFunctionHasNoSpecializeEndpoint() throws Exception {
        server = TestCalls.started(config("echo", null, EnvHandler.class.getName()));
        server.loadHandler();
        HttpResponse<String> response = TestCalls.send(server, HttpRequest.newBuilder(
                TestCalls.uri(server, SpecializeEndpoint.PATH + "?env=MARK")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Authorization", "Bearer " + TOKEN).build());
        assertEquals("null", response.body(), "the path goes to the function like any other");
    }
}
