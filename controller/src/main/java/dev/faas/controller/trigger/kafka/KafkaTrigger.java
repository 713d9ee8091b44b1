package dev.faas.controller.trigger.kafka;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.trigger.TriggerConcurrency;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A function's Kafka trigger: annotation {@code kafka.topic} (one topic, or several separated by commas) and
 * {@code trigger.concurrency} (partitions handled at once); its consumer group is {@code faas-<namespace>-<name>}.
 */
record KafkaTrigger(List<String> topics, int concurrency, String group) {
    /** The annotation naming the topics. */
    static final String TOPIC = "kafka.topic";

    /** The function's trigger, if it declares one. */
    static Optional<KafkaTrigger> of(FunctionSpec spec) {
        String text = spec.annotations().get(TOPIC);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        List<String> topics = Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        return Optional.of(new KafkaTrigger(topics, TriggerConcurrency.of(spec), groupOf(spec.key())));
    }

    private static String groupOf(FunctionKey key) {
        return "faas-" + key.namespace() + "-" + key.name();
    }
}
