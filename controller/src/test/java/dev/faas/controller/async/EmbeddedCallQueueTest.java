package dev.faas.controller.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedCallQueueTest {
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final CallIds ids = new CallIds();

    @TempDir
    Path dir;

    @Test
    void everyUnacknowledgedCallIsDeliveredAgainByTheNextQueueOnTheSameDirectory() throws Exception {
        EmbeddedCallQueue first = new EmbeddedCallQueue(dir, json);
        Set<String> accepted = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            AsyncCall call = call("body-" + i);
            first.enqueue(call);
            accepted.add(call.id());
        }
        // Ten are done and acknowledged, one is being run when the process dies: it must come back.
        Set<String> acknowledged = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            CallQueue.Delivery done = first.poll(Duration.ofSeconds(1)).orElseThrow();
            done.ack();
            acknowledged.add(done.call().id());
        }
        CallQueue.Delivery inFlight = first.poll(Duration.ofSeconds(1)).orElseThrow();

        EmbeddedCallQueue afterCrash = new EmbeddedCallQueue(dir, json);
        assertEquals(90, afterCrash.depth());
        Set<String> redelivered = new HashSet<>();
        Optional<CallQueue.Delivery> next;
        while ((next = afterCrash.poll(Duration.ofMillis(100))).isPresent()) {
            redelivered.add(next.get().call().id());
            next.get().ack();
        }
        Set<String> expected = new HashSet<>(accepted);
        expected.removeAll(acknowledged);
        assertEquals(expected, redelivered);
        assertTrue(redelivered.contains(inFlight.call().id()));
        assertEquals(0, afterCrash.depth());
    }

    @Test
    void aCallKeepsItsBodyHeadersAndWaitsForItsRetryDelay() throws Exception {
        EmbeddedCallQueue queue = new EmbeddedCallQueue(dir, json);
        AsyncCall call = call("\u00e9t\u00e9");
        queue.enqueue(call);
        CallQueue.Delivery delivery = queue.poll(Duration.ofSeconds(1)).orElseThrow();
        assertArrayEquals("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8), delivery.call().body());
        assertEquals(List.of("text/plain"), delivery.call().headers().get("content-type"));
        delivery.retryAfter(Duration.ofMillis(300));
        assertTrue(queue.poll(Duration.ofMillis(150)).isEmpty(), "delivered before its retry delay");
        assertTrue(queue.poll(Duration.ofSeconds(1)).isPresent());
    }

    private AsyncCall call(String body) {
        return new AsyncCall(ids.next(), "default", "echo", "POST", "/x", Map.of("content-type", List.of("text/plain")),
                body.getBytes(StandardCharsets.UTF_8), null, "http", Instant.now());
    }
}
