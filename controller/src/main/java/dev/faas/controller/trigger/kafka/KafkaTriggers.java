package dev.faas.controller.trigger.kafka;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import dev.faas.controller.trigger.EventDelivery;
import dev.faas.controller.trigger.TriggerStats;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Kafka topic triggers of deployed functions (on when {@code faas.triggers.kafka.bootstrap-servers} is
 * set): every second it reads the function store and starts or stops one {@link TopicConsumer} (one consumer group
 * per function, offsets committed by hand after success) per function with a {@code kafka.topic} annotation.
 */
@Context
@Requires(property = "faas.triggers.kafka.bootstrap-servers")
public class KafkaTriggers {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTriggers.class);

    private final FunctionStore functions;
    private final EventDelivery delivery;
    private final TriggerStats stats;
    private final String bootstrapServers;
    private final Map<FunctionKey, TopicConsumer> running = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kafka-triggers");
        thread.setDaemon(true);
        return thread;
    });

    public KafkaTriggers(FunctionStore functions, EventDelivery delivery, TriggerStats stats,
                         @Value("${faas.triggers.kafka.bootstrap-servers}") String bootstrapServers) {
        this.functions = functions;
        this.delivery = delivery;
        this.stats = stats;
        this.bootstrapServers = bootstrapServers;
        timer.scheduleWithFixedDelay(this::sync, 0, 1, TimeUnit.SECONDS);
        LOG.info("Kafka triggers: on, brokers {}", bootstrapServers);
    }

    private synchronized void sync() {
        Map<FunctionKey, KafkaTrigger> wanted = new HashMap<>();
        for (FunctionSpec spec : functions.list()) {
            try {
                KafkaTrigger.of(spec).ifPresent(trigger -> wanted.put(spec.key(), trigger));
            } catch (RuntimeException e) {
                LOG.debug("Ignoring the Kafka trigger of {}: {}", spec.key(), e.getMessage());
            }
        }
        running.entrySet().removeIf(entry -> {
            boolean stale = !entry.getValue().trigger().equals(wanted.get(entry.getKey()));
            if (stale) {
                entry.getValue().stop();
                stats.forget(entry.getKey(), TopicConsumer.KIND);
                LOG.info("Kafka trigger of {} stopped", entry.getKey());
            }
            return stale;
        });
        wanted.forEach((key, trigger) -> {
            if (!running.containsKey(key)) {
                start(key, trigger);
            }
        });
    }

    private void start(FunctionKey key, KafkaTrigger trigger) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, trigger.group());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        // Records are retried in place with backoff; give a slow batch time before the group evicts us.
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) TimeUnit.MINUTES.toMillis(15));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        TopicConsumer loop = new TopicConsumer(key, trigger, consumer, delivery, stats);
        Thread thread = new Thread(loop, "kafka-trigger-" + key);
        thread.setDaemon(true);
        thread.start();
        running.put(key, loop);
        stats.declare(key, TopicConsumer.KIND, String.join(",", trigger.topics()) + " (group " + trigger.group() + ")");
        LOG.info("Kafka trigger of {}: topics {} as group {}", key, trigger.topics(), trigger.group());
    }

    @PreDestroy
    synchronized void stop() {
        timer.shutdownNow();
        running.values().forEach(TopicConsumer::stop);
        running.clear();
    }
}
