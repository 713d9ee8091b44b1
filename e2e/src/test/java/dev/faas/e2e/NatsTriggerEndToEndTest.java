package dev.faas.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faas.controller.testsupport.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.faas.e2e.TriggerEndToEndTest.HANDLER;
import static dev.faas.e2e.TriggerEndToEndTest.HELD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7, NATS "at least once when an instance dies mid-batch" with a real death, as {@link TriggerEndToEndTest}
 * does for Kafka: 1,000 messages on a JetStream subject, the function's OS process SIGKILLed while it holds one of
 * them; every message must reach the function (the held one again) and the consumer goes on with the replacement.
 */
class NatsTriggerEndToEndTest {
    private static final int MESSAGES = 1000;

    @TempDir
    static Path work;
    static NatsServer nats;
    static Platform platform;

    @BeforeAll
    static void up() throws Exception {
        nats = NatsServer.start();
        platform = Platform.up(work.resolve("faas-home"), Map.of(
                        "FAAS_TRIGGERS_NATS_URL", nats.url(),
                        "FAAS_ASYNC_MAX_ATTEMPTS", "40",
                        "FAAS_ASYNC_BACKOFF_INITIAL", "200ms",
                        "FAAS_ASYNC_BACKOFF_MAX", "1s"),
                "--no-examples", "--idle-timeout", "10m");
    }

    @AfterAll
    static void down() throws Exception {
        if (platform != null) {
            System.out.println("controller log (tail):\n" + platform.tail("controller.log"));
            platform.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void everyMessageReachesTheFunctionAtLeastOnceWhenItsProcessIsKilledMidBatch() throws Exception {
        Path seen = work.resolve("seen.txt");
        EchoFunction sink = EchoFunction.deploy(platform, work, "sink", HANDLER,
                Map.of("SEEN_FILE", seen.toString(), "HOLD_MESSAGE", HELD),
                Map.of("com.openfaas.scale.min", "1", "com.openfaas.scale.max", "1", "com.openfaas.scale.zero", "false"),
                Map.of("nats.subject", "uploads.new", "trigger.concurrency", "2"));
        sink.awaitReplicas(1, Duration.ofSeconds(90));
        long firstPid = TriggerEndToEndTest.pid(platform, sink);
        Platform.await(() -> "the NATS trigger of sink", Duration.ofSeconds(60), () -> !trigger().isMissingNode());

        try (Connection connection = Nats.connect(nats.url())) {
            JetStream jetStream = connection.jetStream();
            for (int i = 0; i < MESSAGES; i++) {
                jetStream.publish("uploads.new", ("upload-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        Platform.await(() -> HELD + " in the function's hands before the kill", Duration.ofSeconds(120),
                () -> Files.exists(work.resolve("seen.txt.held")));
        ProcessHandle instance = ProcessHandle.of(firstPid)
                .orElseThrow(() -> new AssertionError("instance process " + firstPid + " is not running"));
        instance.destroyForcibly();
        instance.onExit().get(30, TimeUnit.SECONDS);
        System.out.println("killed instance " + firstPid + " after " + TriggerEndToEndTest.lines(seen).size()
                + " of " + MESSAGES + " messages");

        Platform.await(() -> "all " + MESSAGES + " delivered; trigger " + trigger(), Duration.ofSeconds(180),
                () -> trigger().path("delivered").asInt() == MESSAGES && trigger().path("lag").asInt(-1) == 0);

        List<String> all = TriggerEndToEndTest.lines(seen);
        Set<String> payloads = TriggerEndToEndTest.distinct(seen);
        Set<String> missing = IntStream.range(0, MESSAGES).mapToObj(i -> "upload-" + i)
                .collect(Collectors.toCollection(HashSet::new));
        missing.removeAll(payloads);
        System.out.println("after the kill: " + all.size() + " deliveries of " + payloads.size()
                + " distinct messages; trigger " + trigger());
        assertEquals(Set.of(), missing, "messages that never reached the function");
        assertEquals(MESSAGES, payloads.size());
        assertTrue(all.stream().filter(line -> line.startsWith(HELD + " ")).count() >= 2,
                "the message the killed instance held was delivered again");
        long secondPid = TriggerEndToEndTest.pid(platform, sink);
        assertNotEquals(firstPid, secondPid, "a new instance replaced the killed one");
        assertTrue(all.stream().anyMatch(line -> line.endsWith(" " + secondPid)),
                "the consumer went on with the replacement instance");
        assertEquals(0, trigger().path("failed").asInt(), "nothing became a dead letter");
    }

    /** The sink's NATS trigger status, or a missing node while there is none. */
    private static JsonNode trigger() {
        try {
            var response = platform.system("GET", "/system/triggers/sink", null);
            if (response.statusCode() != 200) {
                return Platform.JSON.missingNode();
            }
            for (JsonNode trigger : Platform.JSON.readTree(response.body()).path("triggers")) {
                if (trigger.path("kind").asText().equals("nats")) {
                    return trigger;
                }
            }
            return Platform.JSON.missingNode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
