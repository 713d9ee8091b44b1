package dev.faas.controller.trigger.kafka;

import dev.faas.controller.api.FakeRuntime;
import dev.faas.controller.async.FakeGateway;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.testsupport.KafkaBroker;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka topic triggers against a real in-process KRaft broker; functions called through a fake router. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaTriggerTest implements TestPropertyProvider {
    static FakeGateway gateway;
    static KafkaBroker kafka;

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
            kafka = KafkaBroker.start();
            gateway = new FakeGateway();
            return Map.of("faas.state-dir", Files.createTempDirectory("faas-kafka-trigger-test").toString(),
                    "faas.gateway-url", gateway.url(),
                    "faas.triggers.kafka.bootstrap-servers", kafka.bootstrapServers(),
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
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void thousandMessagesReachTheFunctionExactlyOnceWhenNothingFails() throws Exception {
        kafka.createTopic("orders", 3);
        produce("orders", 1000, "order-");
        deploy("counter", Map.of("kafka.topic", "orders", "trigger.concurrency", "3"));
        await("1000 calls", () -> arrivals("counter").size() >= 1000);
        Thread.sleep(1500); // anything delivered twice would show up now
        List<FakeGateway.Arrival> calls = arrivals("counter");
        Set<String> bodies = calls.stream().map(FakeGateway.Arrival::body).collect(Collectors.toSet());
        System.out.println("Kafka: " + calls.size() + " calls, " + bodies.size() + " distinct messages");
        assertEquals(1000, calls.size(), "exactly once: no message twice");
        assertEquals(1000, bodies.size());
        assertEquals(1000, calls.stream().map(a -> a.headers().get("ce-id")).distinct().count());
        FakeGateway.Arrival first = calls.get(0);
        assertEquals("dev.faas.kafka.message", first.headers().get("ce-type"));
        assertEquals("/faas/kafka/orders", first.headers().get("ce-source"));
        assertEquals(1000, committed("faas-default-counter"), "offsets committed for every message");
        await("lag 0", () -> trigger("counter").get("lag") instanceof Number lag && lag.intValue() == 0);
    }

    @Test
    void everyMessageArrivesAtLeastOnceWhenAnInstanceDiesMidBatch() throws Exception {
        kafka.createTopic("resize", 2);
        produce("resize", 1000, "image-");
        deploy("dying", Map.of("kafka.topic", "resize", "trigger.concurrency", "2"));
        await("offsets committed for all 1000 messages", () -> committed("faas-default-dying") == 1000);
        List<FakeGateway.Arrival> calls = arrivals("dying");
        int lost = gateway.lostCalls();
        System.out.println("Kafka with " + lost + " calls failing 502 mid-batch: " + calls.size() + " calls for 1000 messages");
        assertTrue(lost >= 5, "the instance died with calls in flight: " + lost);
        assertEquals(1000 + lost, calls.size(), "each call the dead instance held was delivered again, once");
        assertEquals(1000, calls.stream().map(FakeGateway.Arrival::body).distinct().count());
        Map<?, ?> status = trigger("dying");
        assertEquals(1000, ((Number) status.get("delivered")).intValue(), "every message reached the function");
        assertEquals(0, ((Number) status.get("failed")).intValue(), "nothing became a dead letter");
    }

    @Test
    void aPoisonMessageBecomesADeadLetterAndTheConsumerMovesOn() throws Exception {
        kafka.createTopic("jobs", 1);
        try (KafkaProducer<String, String> producer = producer()) {
            for (String body : List.of("first", "poison pill", "second")) {
                producer.send(new ProducerRecord<>("jobs", body)).get();
            }
        }
        deploy("picky", Map.of("kafka.topic", "jobs"));
        await("the message after the poison one", () -> arrivals("picky").stream().anyMatch(a -> a.body().equals("second")));
        await("offsets committed past the poison message", () -> committed("faas-default-picky") == 3);
        assertEquals(3, arrivals("picky").stream().filter(a -> a.body().equals("poison pill")).count());
        List<?> dead = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/async/dead-letters")), List.class);
        Map<?, ?> letter = dead.stream().map(d -> (Map<?, ?>) d).filter(d -> "picky".equals(d.get("function")))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter: " + dead));
        assertEquals("kafka-jobs-0-1", letter.get("callId"));
        assertEquals("function 'picky' answered 500: cannot digest this", letter.get("lastError"));
        Map<?, ?> status = trigger("picky");
        assertEquals(2, ((Number) status.get("delivered")).intValue());
        assertEquals(1, ((Number) status.get("failed")).intValue());
    }

    private long committed(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    private static void produce(String topic, int count, String prefix) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, prefix + i));
            }
            producer.flush();
        }
    }

    private void deploy(String name, Map<String, String> annotations) {
        http.toBlocking().exchange(authed(HttpRequest.POST("/system/functions", Map.of("service", name,
                "image", "faas.local/default/" + name + ":1", "annotations", annotations))));
    }

    private Map<?, ?> trigger(String function) {
        Map<?, ?> body = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/triggers/" + function)), Map.class);
        return ((List<?>) body.get("triggers")).stream().map(t -> (Map<?, ?>) t)
                .filter(t -> "kafka".equals(t.get("kind"))).findFirst().orElseThrow();
    }

    private static List<FakeGateway.Arrival> arrivals(String function) {
        return gateway.arrivals.stream().filter(a -> a.function().equals(function)).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static <T> MutableHttpRequest<T> authed(MutableHttpRequest<T> request) {
        return request.basicAuth("admin", "test-password");
    }
}
