package dev.faas.controller.trigger.nats;

import dev.faas.controller.api.FakeRuntime;
import dev.faas.controller.async.FakeGateway;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.testsupport.NatsServer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NATS subject triggers against a real nats-server -js; functions called through a fake router. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatsTriggerTest implements TestPropertyProvider {
    static FakeGateway gateway;
    static NatsServer nats;

    @Inject
    @Client("/")
    HttpClient http;

    @MockBean(FunctionRuntime.class)
    FunctionRuntime runtime() {
        return new FakeRuntime();
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            nats = NatsServer.start();
            gateway = new FakeGateway();
            return Map.of("faas.state-dir", Files.createTempDirectory("faas-nats-trigger-test").toString(),
                    "faas.gateway-url", gateway.url(),
                    "faas.triggers.nats.url", nats.url(),
                    "faas.async.max-attempts", "3",
                    "faas.async.backoff.initial", "50ms",
                    "faas.async.backoff.max", "200ms");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void thousandMessagesReachTheFunctionExactlyOnceWhenNothingFails() throws Exception {
        deploy("counter", Map.of("nats.subject", "orders.created", "trigger.concurrency", "4"));
        awaitTrigger("counter");
        try (Connection connection = Nats.connect(nats.url())) {
            JetStream jetStream = connection.jetStream();
            for (int i = 0; i < 1000; i++) {
                jetStream.publish("orders.created", ("order-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        await("1000 calls, have " + arrivals("counter").size(), () -> arrivals("counter").size() >= 1000);
        Thread.sleep(1000); // anything delivered twice would show up now
        List<FakeGateway.Arrival> calls = arrivals("counter");
        Set<String> bodies = calls.stream().map(FakeGateway.Arrival::body).collect(Collectors.toSet());
        Set<String> eventIds = calls.stream().map(a -> a.headers().get("ce-id")).collect(Collectors.toSet());
        System.out.println("NATS: " + calls.size() + " calls, " + bodies.size() + " distinct messages");
        assertEquals(1000, calls.size(), "exactly once: no message twice");
        assertEquals(1000, bodies.size());
        assertEquals(1000, eventIds.size());
        FakeGateway.Arrival first = calls.get(0);
        assertEquals("dev.faas.nats.message", first.headers().get("ce-type"));
        assertEquals("/faas/nats/orders.created", first.headers().get("ce-source"));
        assertEquals("orders.created", first.headers().get("ce-subject"));

        await("lag 0 and 1000 delivered", () -> {
            Map<?, ?> nats = trigger("counter");
            return ((Number) nats.get("delivered")).intValue() == 1000 && nats.get("lag") instanceof Number lag
                    && lag.intValue() == 0;
        });
    }

    @Test
    void everyMessageArrivesAtLeastOnceWhenAnInstanceDiesMidBatch() throws Exception {
        deploy("dying", Map.of("nats.subject", "resize", "trigger.concurrency", "4"));
        awaitTrigger("dying");
        try (Connection connection = Nats.connect(nats.url())) {
            JetStream jetStream = connection.jetStream();
            for (int i = 0; i < 1000; i++) {
                jetStream.publish("resize", ("image-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        await("all 1000 messages delivered", () -> ((Number) trigger("dying").get("delivered")).intValue() >= 1000);
        Thread.sleep(500);
        List<FakeGateway.Arrival> calls = arrivals("dying");
        int lost = gateway.lostCalls();
        System.out.println("NATS with " + lost + " calls failing 502 mid-batch: " + calls.size() + " calls for 1000 messages");
        assertTrue(lost >= 5, "the instance died with calls in flight: " + lost);
        assertEquals(1000 + lost, calls.size(), "each call the dead instance held was delivered again, once");
        assertEquals(1000, calls.stream().map(FakeGateway.Arrival::body).distinct().count());
        assertEquals(0, ((Number) trigger("dying").get("failed")).intValue(), "nothing became a dead letter");
    }

    @Test
    void aPoisonMessageBecomesADeadLetterAndTheConsumerMovesOn() throws Exception {
        deploy("picky", Map.of("nats.subject", "jobs"));
        awaitTrigger("picky");
        try (Connection connection = Nats.connect(nats.url())) {
            JetStream jetStream = connection.jetStream();
            for (String body : List.of("first", "poison pill", "second", "third")) {
                jetStream.publish("jobs", body.getBytes(StandardCharsets.UTF_8));
            }
        }
        await("the messages after the poison one", () -> arrivals("picky").stream()
                .anyMatch(a -> a.body().equals("third")));
        await("the dead letter", () -> deadLetters().stream().anyMatch(d -> "picky".equals(d.get("function"))));
        Map<?, ?> dead = deadLetters().stream().filter(d -> "picky".equals(d.get("function"))).findFirst().orElseThrow();
        assertEquals("dead-letter", dead.get("state"));
        assertEquals(3, dead.get("attempts"));
        assertEquals("function 'picky' answered 500: cannot digest this", dead.get("lastError"));
        assertEquals(3, arrivals("picky").stream().filter(a -> a.body().equals("poison pill")).count(),
                "tried max-attempts times, then left alone");
        Map<?, ?> status = trigger("picky");
        assertEquals(3, ((Number) status.get("delivered")).intValue());
        assertEquals(1, ((Number) status.get("failed")).intValue());
    }

    private void deploy(String name, Map<String, String> annotations) {
        http.toBlocking().exchange(authed(HttpRequest.POST("/system/functions", Map.of("service", name,
                "image", "faas.local/default/" + name + ":1", "annotations", annotations))));
    }

    private void awaitTrigger(String function) throws InterruptedException {
        await("the NATS trigger of " + function, () -> {
            try {
                trigger(function);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private Map<?, ?> trigger(String function) {
        Map<?, ?> body = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/triggers/" + function)), Map.class);
        return ((List<?>) body.get("triggers")).stream().map(t -> (Map<?, ?>) t)
                .filter(t -> "nats".equals(t.get("kind"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private List<Map<?, ?>> deadLetters() {
        return http.toBlocking().retrieve(authed(HttpRequest.GET("/system/async/dead-letters")), List.class);
    }

    private static List<FakeGateway.Arrival> arrivals(String function) {
        return gateway.arrivals.stream().filter(a -> a.function().equals(function)).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static <T> MutableHttpRequest<T> authed(MutableHttpRequest<T> request) {
        return request.basicAuth("admin", "test-password");
    }
}
