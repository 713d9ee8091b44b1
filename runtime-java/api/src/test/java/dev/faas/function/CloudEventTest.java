package dev.faas.function;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloudEventTest {
    @Test
    void readsABinaryModeEventFromItsHeadersAndBody() {
        Request request = Request.of("POST", "/", Map.of(
                "Ce-Specversion", List.of("1.0"), "ce-id", List.of("kafka-orders-0-7"),
                "ce-source", List.of("/faas/kafka/orders"), "ce-type", List.of("dev.faas.kafka.message"),
                "ce-subject", List.of("key-7"), "ce-time", List.of("2026-03-01T10:00:00Z"),
                "ce-partitionkey", List.of("p1"), "Content-Type", List.of("application/json")),
                "{\"n\":7}".getBytes(StandardCharsets.UTF_8));
        CloudEvent event = CloudEvent.from(request).orElseThrow();
        assertEquals("1.0", event.specVersion());
        assertEquals("kafka-orders-0-7", event.id());
        assertEquals("/faas/kafka/orders", event.source());
        assertEquals("dev.faas.kafka.message", event.type());
        assertEquals("key-7", event.subject());
        assertEquals(OffsetDateTime.parse("2026-03-01T10:00:00Z"), event.time());
        assertEquals("application/json", event.dataContentType());
        assertEquals("{\"n\":7}", event.dataAsString());
        assertEquals(Map.of("partitionkey", "p1"), event.extensions());
    }

    @Test
    void aPlainCallHasNoEvent() {
        assertTrue(CloudEvent.from(Request.of("POST", "/", "hello")).isEmpty());
    }
}
