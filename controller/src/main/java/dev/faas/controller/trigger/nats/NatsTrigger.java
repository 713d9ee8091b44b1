package dev.faas.controller.trigger.nats;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.trigger.TriggerConcurrency;

import java.util.Optional;

/**
 * A function's NATS subject trigger, from its annotation {@code nats.subject} (wildcards allowed) and
 * {@code trigger.concurrency}; {@code stream} is the JetStream stream holding the subject.
 */
record NatsTrigger(String subject, int concurrency, String stream, String durable) {
    /** The annotation naming the subject. */
    static final String SUBJECT = "nats.subject";

    /** The function's trigger, if it declares one; the stream is filled in once it is known. */
    static Optional<NatsTrigger> of(FunctionSpec spec) {
        String subject = spec.annotations().get(SUBJECT);
        if (subject == null || subject.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new NatsTrigger(subject.trim(), TriggerConcurrency.of(spec), null, durableName(spec.key())));
    }

    /** The same trigger bound to its stream. */
    NatsTrigger in(String streamName) {
        return new NatsTrigger(subject, concurrency, streamName, durable);
    }

    /** Whether it reads the same subject at the same concurrency (ignoring the stream). */
    boolean sameAs(NatsTrigger other) {
        return subject.equals(other.subject) && concurrency == other.concurrency;
    }

    // One durable consumer per function: functions on one subject each get every message.
    private static String durableName(FunctionKey key) {
        return "faas-" + key.namespace() + "-" + key.name();
    }
}
