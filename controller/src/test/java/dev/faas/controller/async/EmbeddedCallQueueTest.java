package dev.faas.controller.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
            first.enqueue(call).join();
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
        queue.enqueue(call).join();
        CallQueue.Delivery delivery = queue.poll(Duration.ofSeconds(1)).orElseThrow();
        assertArrayEquals("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8), delivery.call().body());
        assertEquals(List.of("text/plain"), delivery.call().headers().get("content-type"));
        delivery.retryAfter(Duration.ofMillis(300));
        assertTrue(queue.poll(Duration.ofMillis(150)).isEmpty(), "delivered before its retry delay");
        assertTrue(queue.poll(Duration.ofSeconds(1)).isPresent());
    }

    @Test
    void callsArrivingTogetherShareAnFsyncAndAllSurviveARestart() throws Exception {
        EmbeddedCallQueue first = new EmbeddedCallQueue(dir, json);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                all.add(clients.submit(() -> {
                    AsyncCall call = call("body-" + n);
                    first.enqueue(call).join();
                    accepted.add(call.id());
                }));
            }
            for (Future<?> each : all) {
                each.get(30, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(400, accepted.size());
        assertTrue(first.syncs() < 400, "group commit: 400 concurrent calls took " + first.syncs() + " fsyncs");
        assertTrue(first.syncs() >= 1);

        // A hard kill is simulated by opening the directory again without closing the first queue.
        EmbeddedCallQueue afterCrash = new EmbeddedCallQueue(dir, json);
        assertEquals(400, afterCrash.depth());
        assertEquals(accepted, drain(afterCrash));
    }

    @Test
    void segmentsGoOnceAllTheirCallsAreAcknowledgedAndACutShortTailIsIgnored() throws Exception {
        EmbeddedCallQueue queue = new EmbeddedCallQueue(dir, json, 2048);
        for (int i = 0; i < 60; i++) {
            queue.enqueue(call("body-" + i)).join();
        }
        assertTrue(queue.segmentCount() > 3, "expected several 2 KB segments, got " + queue.segmentCount());
        assertEquals(60, drain(queue).size());
        queue.enqueue(call("after")).join(); // rolls past the last full segment
        assertTrue(queue.segmentCount() <= 2, "acknowledged segments kept: " + queue.segmentCount());
        queue.close();

        // A crash in the middle of writing a record leaves part of a line: the calls before it are intact.
        try (Stream<Path> files = Files.list(dir)) {
            Path last = files.sorted().reduce((a, b) -> b).orElseThrow();
            Files.write(last, "{\"call\":{\"id\":\"0193".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        }
        EmbeddedCallQueue restarted = new EmbeddedCallQueue(dir, json, 2048);
        Set<String> left = drain(restarted);
        assertEquals(1, left.size());
        restarted.close();
        assertEquals(0, new EmbeddedCallQueue(dir, json, 2048).depth());
    }

    @Test
    void callFilesOfTheEarlierFilePerCallQueueAreMovedIntoTheLog() throws Exception {
        AsyncCall old = call("from before the upgrade");
        Files.write(dir.resolve(old.id() + ".call"), json.writeValueAsBytes(old));
        EmbeddedCallQueue queue = new EmbeddedCallQueue(dir, json);
        assertEquals(1, queue.depth());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(path -> path.toString().endsWith(".call")), "the call file was left behind");
        }
        CallQueue.Delivery delivery = queue.poll(Duration.ofSeconds(1)).orElseThrow();
        assertEquals(old.id(), delivery.call().id());
        assertArrayEquals(old.body(), delivery.call().body());
    }

    private static Set<String> drain(EmbeddedCallQueue queue) throws InterruptedException {
        Set<String> ids = new HashSet<>();
        Optional<CallQueue.Delivery> next;
        while ((next = queue.poll(Duration.ofMillis(200))).isPresent()) {
            ids.add(next.get().call().id());
            next.get().ack();
        }
        return ids;
    }

    private AsyncCall call(String body) {
        return new AsyncCall(ids.next(), "default", "echo", "POST", "/x", Map.of("content-type", List.of("text/plain")),
                body.getBytes(StandardCharsets.UTF_8), null, "http", Instant.now());
    }
}
