package dev.faas.controller.async;

import dev.faas.controller.api.FakeRuntime;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import dev.faas.controller.runtime.FunctionRuntime;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Async calls against a fake router: results reach callbacks, failures retry and end as dead letters. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncInvocationTest implements TestPropertyProvider {
    static final FakeGateway GATEWAY = start();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    FunctionStore store;

    @MockBean(FunctionRuntime.class)
    FunctionRuntime runtime() {
        return new FakeRuntime();
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("faas.state-dir", Files.createTempDirectory("faas-async-test").toString(),
                    "faas.gateway-url", GATEWAY.url(),
                    "faas.async.max-attempts", "3",
                    "faas.async.backoff.initial", "50ms",
                    "faas.async.backoff.max", "400ms",
                    "faas.async.callback.max-attempts", "6");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void deployFunctions() {
        for (String name : List.of("echo", "broken", "flaky")) {
            store.save(new FunctionSpec(name, "default", "faas.local/default/" + name + ":1", null, null, null,
                    null, null, null, null, null, false, Instant.now()));
        }
    }

    @AfterAll
    void stopGateway() {
        GATEWAY.close();
    }

    @Test
    void queuedCallRunsAndItsCallbackReceivesTheResult() throws Exception {
        try (CallbackTarget callback = new CallbackTarget(0)) {
            HttpResponse<Map> accepted = http.toBlocking().exchange(HttpRequest.POST("/async-function/echo/items?x=1", "hello")
                    .contentType("text/plain").header("X-Callback-Url", callback.url("/done")), Map.class);
            assertEquals(202, accepted.code());
            String callId = accepted.header("X-Call-Id");
            assertNotNull(callId);

            CallbackTarget.Received result = callback.received.poll(10, TimeUnit.SECONDS);
            assertNotNull(result, "no callback within 10 s");
            assertEquals("echo:hello", result.body());
            assertEquals("200", result.headers().get("x-function-status"));
            assertEquals(callId, result.headers().get("x-call-id"));
            assertEquals("completed", result.headers().get("x-call-state"));
            assertEquals("/items?x=1", result.headers().get("x-echo-path"), "the path suffix and query reach the function");
            assertEquals(callId, result.headers().get("x-echo-call-id"), "the function sees the call id");
            assertTrue(Long.parseLong(result.headers().get("x-duration-ms")) >= 0);

            Map<?, ?> status = awaitStatus(callId, s -> "delivered".equals(((Map<?, ?>) s.get("callback")).get("state")));
            assertEquals("completed", status.get("state"));
            assertEquals(1, status.get("attempts"));
            assertEquals(200, status.get("resultStatus"));
        }
    }

    @Test
    void functionFailingEveryAttemptBecomesADeadLetterWithTheLastError() throws Exception {
        String callId = accept("/async-function/broken", Map.of());
        Map<?, ?> status = awaitStatus(callId, s -> "dead-letter".equals(s.get("state")));
        assertEquals(3, status.get("attempts"));
        assertEquals(500, status.get("resultStatus"));
        assertEquals("function 'broken' answered 500: boom 3", status.get("lastError"));
        assertEquals(3, GATEWAY.calls("broken"));

        List<?> deadLetters = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/async/dead-letters")), List.class);
        assertTrue(deadLetters.stream().anyMatch(d -> callId.equals(((Map<?, ?>) d).get("callId"))), deadLetters.toString());
        Thread.sleep(500);
        assertEquals(3, GATEWAY.calls("broken"), "a dead letter is not tried again");
    }

    @Test
    void retryableFailuresAreRetriedUntilTheFunctionAnswers() throws Exception {
        String callId = accept("/async-function/flaky", Map.of());
        Map<?, ?> status = awaitStatus(callId, s -> "completed".equals(s.get("state")));
        assertEquals(3, status.get("attempts"));
        assertEquals(200, status.get("resultStatus"));
        assertEquals("function 'flaky' answered 503: not yet", status.get("lastError"), "the last failure stays visible");
    }

    @Test
    void callbackTargetThatIsDownIsRetriedAndRecordedThenDelivered() throws Exception {
        int port = freePort();
        String callId = accept("/async-function/echo", Map.of("X-Callback-Url", "http://127.0.0.1:" + port + "/late"));
        Map<?, ?> failing = awaitStatus(callId, s -> ((Map<?, ?>) s.get("callback")).get("attempts") instanceof Integer n && n >= 2);
        Map<?, ?> callback = (Map<?, ?>) failing.get("callback");
        assertEquals("pending", callback.get("state"));
        assertTrue(String.valueOf(callback.get("lastError")).contains("could not be reached"), callback.toString());
        assertEquals(1, failing.get("attempts"), "a failing callback never runs the function again");

        try (CallbackTarget target = new CallbackTarget(port)) {
            CallbackTarget.Received result = target.received.poll(10, TimeUnit.SECONDS);
            assertNotNull(result, "the callback was not retried once its target came up");
            assertEquals(callId, result.headers().get("x-call-id"));
            Map<?, ?> delivered = awaitStatus(callId, s -> "delivered".equals(((Map<?, ?>) s.get("callback")).get("state")));
            assertTrue((Integer) ((Map<?, ?>) delivered.get("callback")).get("attempts") >= 3);
        }
    }

    @Test
    void callbackTargetThatStaysDownIsGivenUpAfterTheLastAttempt() throws Exception {
        String callId = accept("/async-function/echo", Map.of("X-Callback-Url", "http://127.0.0.1:" + freePort() + "/never"));
        Map<?, ?> status = awaitStatus(callId, s -> "failed".equals(((Map<?, ?>) s.get("callback")).get("state")));
        Map<?, ?> callback = (Map<?, ?>) status.get("callback");
        assertEquals(6, callback.get("attempts"));
        assertEquals("completed", status.get("state"));
    }

    @Test
    void malformedCallbackUrlIsRejectedWithTheReason() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                .exchange(HttpRequest.POST("/async-function/echo", "x").header("X-Callback-Url", "ftp//nowhere"), Map.class));
        assertEquals(400, e.code());
        Map<?, ?> body = e.getResponse().getBody(Map.class).orElseThrow();
        assertEquals(400, body.get("status"));
        assertTrue(String.valueOf(body.get("message")).contains("X-Callback-Url 'ftp//nowhere'"), body.toString());
    }

    @Test
    void unknownFunctionIsA404AndUnknownCallIdToo() {
        HttpClientResponseException missing = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST("/async-function/nope", "x"), Map.class));
        assertEquals(404, missing.code());
        HttpClientResponseException unknownCall = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(authed(HttpRequest.GET("/system/async/0000000000000-0000000000000000")), Map.class));
        assertEquals(404, unknownCall.code());
        HttpClientResponseException noCredentials = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.GET("/system/async/dead-letters"), Map.class));
        assertEquals(401, noCredentials.code());
    }

    private String accept(String path, Map<String, String> headers) {
        MutableHttpRequest<String> request = HttpRequest.POST(path, "payload");
        headers.forEach(request::header);
        HttpResponse<Map> accepted = http.toBlocking().exchange(request, Map.class);
        assertEquals(202, accepted.code());
        return accepted.header("X-Call-Id");
    }

    private Map<?, ?> awaitStatus(String callId, Predicate<Map<?, ?>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Map<?, ?> status = null;
        while (System.nanoTime() < deadline) {
            status = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/async/" + callId)), Map.class);
            if (condition.test(status)) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("call " + callId + " never reached the expected state; last: " + status);
    }

    private static <T> MutableHttpRequest<T> authed(MutableHttpRequest<T> request) {
        return request.basicAuth("admin", "test-password");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static FakeGateway start() {
        try {
            return new FakeGateway();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
