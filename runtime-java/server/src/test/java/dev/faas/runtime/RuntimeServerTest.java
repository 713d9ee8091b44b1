package dev.faas.runtime;

import static dev.faas.runtime.TestCalls.config;
import static dev.faas.runtime.TestCalls.get;
import static dev.faas.runtime.TestCalls.post;
import static dev.faas.runtime.TestCalls.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faas.runtime.fixtures.BlockingHandler;
import dev.faas.runtime.fixtures.EchoHandler;
import dev.faas.runtime.fixtures.FailingInitHandler;
import dev.faas.runtime.fixtures.GreetingFunction;
import dev.faas.runtime.json.JsonParser;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RuntimeServerTest {

    private RuntimeServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ZERO);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        return (Map<String, Object>) JsonParser.parse(response.body());
    }

    @Test
    void healthSaysStartingUntilTheHandlerIsLoadedThenReadyWithTimestamps() throws Exception {
        server = started(config("echo", null, EchoHandler.class.getName()));

        HttpResponse<String> starting = get(server, "/_/health");
        assertEquals(503, starting.statusCode());
        assertEquals("starting", json(starting).get("status"));
        HttpResponse<String> early = get(server, "/anything");
        assertEquals(503, early.statusCode());
        assertEquals("function 'echo' is not ready: it is still loading", json(early).get("message"));

        assertTrue(server.loadHandler());

        HttpResponse<String> ready = get(server, "/_/health");
        assertEquals(200, ready.statusCode());
        assertEquals("application/json", ready.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Object> body = json(ready);
        assertEquals("ready", body.get("status"));
        assertEquals("echo", body.get("function"));
        long runtimeReady = (Long) body.get("runtimeReady");
        long handlerLoaded = (Long) body.get("handlerLoaded");
        assertTrue(handlerLoaded >= runtimeReady, "handler loads after the server is up");
        assertNotNull(body.get("processStart"));
        assertTrue((Long) body.get("processStart") <= runtimeReady);
    }

    @Test
    void aHealthCheckThatWaitsIsAnsweredAsTheHandlerLoadsNotAtItsEnd() throws Exception {
        server = started(config("echo", null, EchoHandler.class.getName()));
        long sent = System.nanoTime();
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return get(server, "/_/health?wait=5000");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(waiting.isDone(), "held while the function loads");

        assertTrue(server.loadHandler());

        HttpResponse<String> ready = waiting.get(3, TimeUnit.SECONDS);
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("ready", json(ready).get("status"));
        assertTrue(Duration.ofNanos(System.nanoTime() - sent).toMillis() < 4000, "answered at the load, not the wait's end");
        // Past its wait, a check answers what it finds; without one, at once.
        RuntimeServer other = started(config("other", null, EchoHandler.class.getName()));
        try {
            assertEquals("starting", json(get(other, "/_/health?wait=50")).get("status"));
            assertEquals("starting", json(get(other, "/_/health?wait=soon")).get("status"));
        } finally {
            other.stop(Duration.ZERO);
        }
    }

    @Test
    void passesMethodPathQueryHeadersAndBodyAndEchoesTheCallId() throws Exception {
        server = started(config("echo", null, EchoHandler.class.getName()));
        server.loadHandler();

        HttpResponse<String> response = TestCalls.send(server, HttpRequest.newBuilder(
                        TestCalls.uri(server, "/items/a%20b?q=hello%20world&n=1"))
                .header("X-Test", "abc").header("X-Call-Id", "call-42")
                .POST(HttpRequest.BodyPublishers.ofString("grüße")).build());

        assertEquals(201, response.statusCode());
        assertEquals("call-42", response.headers().firstValue("X-Call-Id").orElseThrow());
        assertEquals("yes", response.headers().firstValue("X-Echo").orElseThrow());
        assertEquals(String.join("\n", "method=POST", "path=/items/a b", "query=q=hello%20world&n=1",
                "q=hello world", "x-test=abc", "function=echo@default", "callId=call-42",
                "gateway=http://127.0.0.1:1", "body=grüße"), response.body());

        HttpResponse<String> anonymous = get(server, "/");
        String generated = anonymous.headers().firstValue("X-Call-Id").orElseThrow();
        assertTrue(generated.startsWith("call-"));
        assertTrue(anonymous.body().contains("callId=" + generated));
        assertTrue(anonymous.body().contains("path=/\n"));
    }

    @Test
    void headRequestsGetHeadersWithoutABody() throws Exception {
        server = started(config("echo", null, EchoHandler.class.getName()));
        server.loadHandler();

        HttpResponse<String> head = TestCalls.send(server, HttpRequest.newBuilder(TestCalls.uri(server, "/x"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertEquals(200, head.statusCode());
        assertEquals("yes", head.headers().firstValue("X-Echo").orElseThrow());
        assertEquals("", head.body());
    }

    @Test
    void aThrowingHandlerGives500JsonWithoutStackTraceAndTheNextCallWorks() throws Exception {
        server = started(config("hello", null, EchoHandler.class.getName()));
        server.loadHandler();

        HttpResponse<String> failed = TestCalls.send(server, HttpRequest.newBuilder(TestCalls.uri(server, "/boom"))
                .header("X-Call-Id", "call-7").GET().build());

        assertEquals(500, failed.statusCode());
        assertEquals("application/json", failed.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Object> body = json(failed);
        assertEquals(500L, body.get("status"));
        assertEquals("function 'hello' failed: IllegalStateException: boom", body.get("message"));
        assertEquals("call-7", body.get("callId"));
        assertFalse(failed.body().contains("at dev.faas"), "no stack trace in the response");
        assertFalse(failed.body().contains("EchoHandler"), "no stack trace in the response");

        assertEquals(200, get(server, "/fine").statusCode());
    }

    @Test
    void mapsJsonToAndFromRecordsForFunctionHandlers() throws Exception {
        server = started(config("greet", null, GreetingFunction.class.getName()));
        server.loadHandler();

        HttpResponse<String> response = post(server, "/", "{\"name\":\"Ada\",\"times\":2,\"tags\":[\"x\"],\"extra\":1}");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"message\":\"Hello, Ada! Hello, Ada! [x]\",\"length\":27}", response.body());
        assertEquals("{\"message\":\"Hello, nobody!\",\"length\":0}", post(server, "/", "").body());
    }

    @Test
    void malformedOrMistypedJsonGives400NamingTheProblem() throws Exception {
        server = started(config("greet", null, GreetingFunction.class.getName()));
        server.loadHandler();

        HttpResponse<String> malformed = post(server, "/", "{\"name\": \"Ada\",");
        assertEquals(400, malformed.statusCode());
        assertEquals("cannot read the request body as Greeting: malformed JSON at line 1, column 16: "
                + "unexpected end of input, expected a field name in double quotes", json(malformed).get("message"));
        assertEquals(400L, json(malformed).get("status"));

        HttpResponse<String> mistyped = post(server, "/", "{\"name\":\"Ada\",\"times\":\"two\"}");
        assertEquals(400, mistyped.statusCode());
        assertEquals("cannot read the request body as Greeting: invalid JSON at $.times: expected a number but "
                + "found string \"two\"", json(mistyped).get("message"));
    }

    @Test
    void anUnknownClassFailsTheLoadAndHealthNamesIt() throws Exception {
        server = started(config("ghost", null, "does.not.Exist"));

        assertFalse(server.loadHandler());

        HttpResponse<String> health = get(server, "/_/health");
        assertEquals(503, health.statusCode());
        Map<String, Object> body = json(health);
        assertEquals("failed", body.get("status"));
        assertEquals("cannot load handler class 'does.not.Exist' from the runtime class path: "
                + "ClassNotFoundException: does.not.Exist", body.get("message"));
        HttpResponse<String> call = get(server, "/");
        assertEquals(503, call.statusCode());
        assertTrue(json(call).get("message").toString().startsWith("function 'ghost' is not ready: cannot load"));
    }

    @Test
    void aFailingInitFailsTheLoadWithItsReason() throws Exception {
        server = started(config("db", null, FailingInitHandler.class.getName()));

        assertFalse(server.loadHandler());

        assertEquals("cannot load handler class '" + FailingInitHandler.class.getName() + "' from the runtime class"
                + " path: init failed: IllegalStateException: DATABASE_URL is not set",
                json(get(server, "/_/health")).get("message"));
    }

    @Test
    void aClassThatIsNoFunctionIsRejected() throws Exception {
        server = started(config("str", null, "java.lang.StringBuilder"));

        assertFalse(server.loadHandler());

        assertTrue(json(get(server, "/_/health")).get("message").toString()
                .endsWith("it implements neither dev.faas.function.Handler nor java.util.function.Function"));
    }

    @Test
    void stopLetsInFlightCallsFinishAndRefusesNewConnections() throws Exception {
        BlockingHandler.entered = new CountDownLatch(1);
        BlockingHandler.release = new CountDownLatch(1);
        server = started(config("slow", null, BlockingHandler.class.getName()));
        server.loadHandler();
        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() -> {
            try {
                return get(server, "/");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(BlockingHandler.entered.await(10, TimeUnit.SECONDS));

        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(20)));
        // The call is still held, so stop cannot have finished draining.
        assertFalse(stopped.isDone());
        BlockingHandler.release.countDown();

        assertTrue(stopped.get(20, TimeUnit.SECONDS), "stop reports that every call finished");
        HttpResponse<String> response = call.get(20, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals("finished", response.body());
        assertThrows(IOException.class, () -> get(server, "/"));
        server = null;
    }
}
