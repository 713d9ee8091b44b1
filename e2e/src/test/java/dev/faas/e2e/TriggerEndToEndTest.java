package dev.faas.e2e;

import dev.faas.controller.testsupport.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7's triggers on a real platform. Cron: a one-second schedule fires about once a second and stops when the
 * function is removed ({@code faas remove}). Kafka, "at least once when an instance dies mid-batch" with a real
 * death: a real platform ({@code faas
 * up}, process backend) consumes 1,000 messages from a real in-process KRaft broker into a function that appends
 * every message it receives to a file; while the batch is being delivered the function's OS process is killed
 * (SIGKILL via {@link ProcessHandle#destroyForcibly()}). Every message must still reach the function (distinct
 * payloads in the file, duplicates allowed and counted), the consumer group must commit all 1,000 offsets, and the
 * messages after the kill must be served by the replacement instance.
 */
class TriggerEndToEndTest {
    private static final int MESSAGES = 1000;
    static final String HELD = "upload-300";
    // Appends the body to SEEN_FILE before answering (so a message the killed process held appears twice, never goes
    // missing) and takes 15 ms per message. The message named by HOLD_MESSAGE is held (no answer) the first time,
    // so that the kill certainly lands while the function has a message of the batch in hand. A GET tells the pid.
    static final String HANDLER = """
            package function;

            import dev.faas.function.Context;
            import dev.faas.function.Request;
            import dev.faas.function.Response;

            import java.nio.charset.StandardCharsets;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;

            public class Handler implements dev.faas.function.Handler {
                @Override
                public Response handle(Request request, Context context) throws Exception {
                    String pid = Long.toString(ProcessHandle.current().pid());
                    if (request.method().equals("POST")) {
                        String body = request.bodyAsString().strip();
                        Path seen = Path.of(System.getenv("SEEN_FILE"));
                        synchronized (Handler.class) {
                            Files.write(seen, (body + " " + pid + "\\n").getBytes(StandardCharsets.UTF_8),
                                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        }
                        Path held = seen.resolveSibling(seen.getFileName() + ".held");
                        if (body.equals(System.getenv("HOLD_MESSAGE")) && !Files.exists(held)) {
                            Files.createFile(held);
                            Thread.sleep(50_000);
                        }
                        Thread.sleep(15);
                    }
                    return Response.ok(pid).withHeader("X-Instance-Pid", pid);
                }
            }
            """;

    @TempDir
    static Path work;
    static KafkaBroker kafka;
    static Platform platform;

    @BeforeAll
    static void up() throws Exception {
        kafka = KafkaBroker.start();
        // Retries outlast the replacement of the killed instance (a JVM start), so nothing becomes a dead letter.
        platform = Platform.up(work.resolve("faas-home"), Map.of(
                        "FAAS_TRIGGERS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
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
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyMessageReachesTheFunctionAtLeastOnceWhenItsProcessIsKilledMidBatch() throws Exception {
        kafka.createTopic("uploads", 2);
        Path seen = work.resolve("seen.txt");
        EchoFunction sink = EchoFunction.deploy(platform, work, "sink", HANDLER,
                Map.of("SEEN_FILE", seen.toString(), "HOLD_MESSAGE", HELD),
                Map.of("com.openfaas.scale.min", "1", "com.openfaas.scale.max", "1", "com.openfaas.scale.zero", "false"),
                Map.of("kafka.topic", "uploads", "trigger.concurrency", "2"));
        sink.awaitReplicas(1, Duration.ofSeconds(90));
        long firstPid = pid(platform, sink);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < MESSAGES; i++) {
                producer.send(new ProducerRecord<>("uploads", "key-" + i, "upload-" + i));
            }
            producer.flush();
        }
        Platform.await(() -> HELD + " in the function's hands before the kill; have " + lines(seen).size()
                + " messages", Duration.ofSeconds(120), () -> Files.exists(work.resolve("seen.txt.held")));
        ProcessHandle instance = ProcessHandle.of(firstPid)
                .orElseThrow(() -> new AssertionError("instance process " + firstPid + " is not running"));
        instance.destroyForcibly();
        instance.onExit().get(30, TimeUnit.SECONDS);
        int atKill = lines(seen).size();
        System.out.println("killed instance " + firstPid + " after " + atKill + " of " + MESSAGES + " messages");
        assertTrue(atKill < MESSAGES, "the kill must come mid-batch");

        Platform.await(() -> "offsets committed for all " + MESSAGES + " messages; have " + committed("faas-default-sink")
                + ", messages seen " + distinct(seen).size(), Duration.ofSeconds(180),
                () -> committed("faas-default-sink") == MESSAGES);

        List<String> all = lines(seen);
        Set<String> payloads = distinct(seen);
        Set<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> "upload-" + i).collect(Collectors.toSet());
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(payloads);
        System.out.println("after the kill: " + all.size() + " deliveries of " + payloads.size()
                + " distinct messages (" + (all.size() - payloads.size()) + " delivered again)");
        assertEquals(Set.of(), missing, "messages that never reached the function");
        assertEquals(expected, payloads);
        assertTrue(all.stream().filter(line -> line.startsWith(HELD + " ")).count() >= 2,
                "the message the killed instance held was delivered again");
        long secondPid = pid(platform, sink);
        assertNotEquals(firstPid, secondPid, "a new instance replaced the killed one");
        assertTrue(all.stream().anyMatch(line -> line.endsWith(" " + secondPid)),
                "the consumer went on with the replacement instance");
        var trigger = platform.system("GET", "/system/triggers/sink", null);
        assertEquals(200, trigger.statusCode(), trigger.body());
        var kafkaStatus = Platform.JSON.readTree(trigger.body()).path("triggers").get(0);
        System.out.println("trigger status: " + kafkaStatus);
        assertEquals(0, kafkaStatus.path("failed").asInt(), "nothing became a dead letter");
        assertEquals(MESSAGES, kafkaStatus.path("delivered").asInt());
    }

    @Test
    void aOneSecondScheduleFiresEverySecondAndStopsWhenTheFunctionIsRemoved() throws Exception {
        Path ticks = work.resolve("ticks.txt");
        EchoFunction tick = EchoFunction.deploy(platform, work, "tick", HANDLER, Map.of("SEEN_FILE", ticks.toString()),
                Map.of("com.openfaas.scale.min", "1", "com.openfaas.scale.zero", "false"),
                Map.of("schedule", "* * * * * *"));
        tick.awaitReplicas(1, Duration.ofSeconds(90));
        Platform.await(() -> "a first tick; have " + lines(ticks).size(), Duration.ofSeconds(30),
                () -> !lines(ticks).isEmpty());
        int first = lines(ticks).size();
        Thread.sleep(5_000);
        int inFive = lines(ticks).size() - first;
        System.out.println("cron: " + inFive + " ticks in 5 s; e.g. " + lines(ticks).get(0));
        assertTrue(inFive >= 4 && inFive <= 6, "a one-second schedule fired " + inFive + " times in 5 s");
        assertTrue(lines(ticks).get(0).contains("\"schedule\":\"* * * * * *\""), lines(ticks).get(0));

        Platform.CliResult removed = platform.cli(work, Duration.ofSeconds(60), "remove", "tick");
        assertEquals(0, removed.exitCode(), removed.output());
        Thread.sleep(1_500); // a tick queued just before the removal may still land
        int afterRemoval = lines(ticks).size();
        Thread.sleep(4_000);
        assertEquals(afterRemoval, lines(ticks).size(), "the schedule kept firing after the function was removed");
    }

    static long pid(Platform platform, EchoFunction function) throws Exception {
        EchoFunction.Answer answer = EchoFunction.Answer.of(java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(platform.gateway() + "/function/" + function.name))
                        .timeout(Duration.ofSeconds(60)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()));
        assertEquals(200, answer.status(), answer.toString());
        return Long.parseLong(answer.pid());
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Set<String> distinct(Path file) {
        return lines(file).stream().map(line -> line.split(" ")[0]).collect(Collectors.toSet());
    }

    private static long committed(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            return -1;
        }
    }
}
