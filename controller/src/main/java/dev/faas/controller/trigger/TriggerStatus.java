package dev.faas.controller.trigger;

import io.micronaut.core.annotation.Introspected;

import java.time.Instant;

/**
 * One trigger of a function as its status shows it.
 *
 * @param kind      {@code cron}, {@code nats} or {@code kafka}
 * @param source    the schedule, subject or topic
 * @param delivered events the function accepted
 * @param failed    events that ended as dead letters (or were skipped as missed runs, for cron)
 * @param lag       events waiting (null when the source cannot say)
 */
@Introspected
public record TriggerStatus(String kind, String source, long delivered, long failed, String lastError,
                            Instant lastEventAt, Long lag) {
}
