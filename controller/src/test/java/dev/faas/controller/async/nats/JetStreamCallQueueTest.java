package dev.faas.controller.async.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.async.AsyncCall;
import dev.faas.controller.async.CallIds;
import dev.faas.controller.async.CallQueue;
import dev.faas.controller.testsupport.NatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JetStream queue against a real nats-server: nothing acknowledged is lost when a controller goes away. */
class JetStreamCallQueueTest {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static NatsServer nats;
    private final CallIds ids = new CallIds();

    @BeforeAll
    static void startNats() throws Exception {
        nats = NatsServer.start();
    }

    @AfterAll
    static void stopNats() {
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void unacknowledgedCallsComeBackToTheNextControllerAndAcknowledgedOnesDoNot() throws Exception {
        String stream = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        Set<String> accepted = new HashSet<>();
        Set<String> acknowledged = new HashSet<>();
        JetStreamCallQueue first = new JetStreamCallQueue(JSON, nats.url(), stream, Duration.ofSeconds(1));
        // Published together (asynchronously), stored once all their acks came back.
        List<CompletableFuture<Void>> stored = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            AsyncCall call = call("body-" + i);
            stored.add(first.enqueue(call));
            accepted.add(call.id());
        }
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertEquals(100, first.depth());
        for (int i = 0; i < 10; i++) {
            CallQueue.Delivery done = first.poll(Duration.ofSeconds(2)).orElseThrow();
            done.ack();
            acknowledged.add(done.call().id());
        }
        String inFlight = first.poll(Duration.ofSeconds(2)).orElseThrow().call().id();
        first.close(); // gone without acknowledging the call it was running

        JetStreamCallQueue second = new JetStreamCallQueue(JSON, nats.url(), stream, Duration.ofSeconds(1));
        Set<String> redelivered = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (redelivered.size() < 90 && System.nanoTime() < deadline) {
            Optional<CallQueue.Delivery> next = second.poll(Duration.ofMillis(500));
            if (next.isPresent()) {
                redelivered.add(next.get().call().id());
                next.get().ack();
            }
        }
        Set<String> expected = new HashSet<>(accepted);
        expected.removeAll(acknowledged);
        assertEquals(expected, redelivered);
        assertTrue(redelivered.contains(inFlight));
        assertTrue(second.poll(Duration.ofMillis(1500)).isEmpty(), "an acknowledged call came back");
        assertEquals(0, second.depth());
        second.close();
    }

    @Test
    void aRetryWaitsForItsDelayAndKeepsTheCall() throws Exception {
        String stream = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        JetStreamCallQueue queue = new JetStreamCallQueue(JSON, nats.url(), stream, Duration.ofSeconds(30));
        queue.enqueue(call("\u00e9t\u00e9")).get(5, TimeUnit.SECONDS);
        CallQueue.Delivery delivery = queue.poll(Duration.ofSeconds(2)).orElseThrow();
        assertArrayEquals("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8), delivery.call().body());
        delivery.retryAfter(Duration.ofMillis(800));
        assertTrue(queue.poll(Duration.ofMillis(300)).isEmpty(), "delivered before its retry delay");
        CallQueue.Delivery again = queue.poll(Duration.ofSeconds(3)).orElseThrow();
        assertEquals(delivery.call().id(), again.call().id());
        again.ack();
        queue.close();
    }

    private AsyncCall call(String body) {
        return new AsyncCall(ids.next(), "default", "echo", "POST", "", Map.of("content-type", List.of("text/plain")),
                body.getBytes(StandardCharsets.UTF_8), null, "http", Instant.now());
    }
}
