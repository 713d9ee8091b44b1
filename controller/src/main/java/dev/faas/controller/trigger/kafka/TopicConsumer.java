package dev.faas.controller.trigger.kafka;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.trigger.EventDelivery;
import dev.faas.controller.trigger.EventRequest;
import dev.faas.controller.trigger.TriggerStats;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One function's Kafka trigger. Each polled batch is split by partition; partitions run side by side (up to
 * {@code trigger.concurrency}), the records of one partition in order. A record is retried in place with backoff
 * until the function succeeds or it becomes a dead letter, and only then is its offset committed, so a crash
 * redelivers what was not finished (at least once) and a poison record does not stop the partition.
 */
final class TopicConsumer implements Runnable {
    static final String KIND = "kafka";
    private static final Logger LOG = LoggerFactory.getLogger(TopicConsumer.class);

    private final FunctionKey function;
    private final KafkaTrigger trigger;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final EventDelivery delivery;
    private final TriggerStats stats;
    private final ExecutorService workers;
    private volatile boolean running = true;
    private long lagReportedAt;

    TopicConsumer(FunctionKey function, KafkaTrigger trigger, KafkaConsumer<byte[], byte[]> consumer,
                  EventDelivery delivery, TriggerStats stats) {
        this.function = function;
        this.trigger = trigger;
        this.consumer = consumer;
        this.delivery = delivery;
        this.stats = stats;
        this.workers = Executors.newFixedThreadPool(trigger.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "kafka-trigger-" + function);
            thread.setDaemon(true);
            return thread;
        });
    }

    KafkaTrigger trigger() {
        return trigger;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(trigger.topics());
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                if (!batch.isEmpty()) {
                    consumer.commitSync(handle(batch));
                }
                reportLag();
            }
        } catch (WakeupException stopping) {
            // stop() woke the consumer up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            stats.failed(function, KIND, "consumer stopped: " + e.getMessage());
            LOG.error("Kafka trigger of {} stopped: {}", function, e.getMessage(), e);
        } finally {
            workers.shutdownNow();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Runs the batch; the offsets to commit are those after each partition's last finished record. */
    private Map<TopicPartition, OffsetAndMetadata> handle(ConsumerRecords<byte[], byte[]> batch)
            throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> done = new java.util.concurrent.ConcurrentHashMap<>();
        List<Future<?>> partitions = new ArrayList<>();
        for (TopicPartition partition : batch.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = batch.records(partition);
            partitions.add(workers.submit(() -> {
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    deliverUntilSettled(record);
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                }
                return null;
            }));
        }
        for (Future<?> partition : partitions) {
            try {
                partition.get();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("Kafka trigger of {}: {}", function, e.getCause().getMessage());
            }
        }
        return done;
    }

    private void deliverUntilSettled(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        String eventId = "kafka-" + record.topic() + "-" + record.partition() + "-" + record.offset();
        EventRequest request = EventRequest.of(event(record, eventId));
        for (int attempt = 1; running; attempt++) {
            if (delivery.deliver(function, KIND, eventId, request, attempt) != EventDelivery.Result.RETRY) {
                return;
            }
            Thread.sleep(delivery.backoff(attempt).toMillis());
        }
        throw new InterruptedException("stopping");
    }

    private static io.cloudevents.CloudEvent event(ConsumerRecord<byte[], byte[]> record, String eventId) {
        Header contentType = record.headers().lastHeader("content-type");
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(eventId)
                .withSource(URI.create("/faas/kafka/" + record.topic()))
                .withType("dev.faas.kafka.message")
                .withTime(Instant.ofEpochMilli(record.timestamp()).atOffset(ZoneOffset.UTC))
                .withDataContentType(contentType == null ? "application/octet-stream"
                        : new String(contentType.value(), StandardCharsets.UTF_8))
                .withData(record.value() == null ? new byte[0] : record.value());
        if (record.key() != null) {
            event.withSubject(new String(record.key(), StandardCharsets.UTF_8));
        }
        return event.build();
    }

    private void reportLag() {
        long now = System.currentTimeMillis();
        if (now - lagReportedAt < 1000) {
            return;
        }
        lagReportedAt = now;
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(assigned).entrySet()) {
            lag += Math.max(0, end.getValue() - consumer.position(end.getKey()));
        }
        stats.lag(function, KIND, lag);
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }
}
