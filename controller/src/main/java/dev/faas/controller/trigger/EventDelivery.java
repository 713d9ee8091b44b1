package dev.faas.controller.trigger;

import dev.faas.controller.async.AsyncCall;
import dev.faas.controller.async.AsyncSettings;
import dev.faas.controller.async.CallLedger;
import dev.faas.controller.async.FunctionInvoker;
import dev.faas.controller.async.FunctionOutcome;
import dev.faas.controller.function.FunctionKey;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Hands one event of a message trigger (NATS, Kafka) to its function through the router and says what the
 * consumer must do with the message: acknowledge it, deliver it again later, or acknowledge it as a dead letter
 * (a 4xx answer, or the last of {@code faas.async.max-attempts} failed attempts) so that the consumer moves on.
 */
@Singleton
public class EventDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);

    /** What to do with the message. */
    public enum Result {
        /** The function succeeded: acknowledge (commit). */
        DELIVERED,
        /** A retryable failure with attempts left: deliver again after {@link AsyncSettings#backoff()}. */
        RETRY,
        /** Recorded as a dead letter: acknowledge (commit) and move on. */
        DEAD_LETTER
    }

    private final FunctionInvoker invoker;
    private final CallLedger ledger;
    private final TriggerStats stats;
    private final AsyncSettings settings;

    public EventDelivery(FunctionInvoker invoker, CallLedger ledger, TriggerStats stats, AsyncSettings settings) {
        this.invoker = invoker;
        this.ledger = ledger;
        this.stats = stats;
        this.settings = settings;
    }

    /** Attempt number {@code attempt} (1-based) of the event {@code eventId} from a {@code kind} trigger. */
    public Result deliver(FunctionKey function, String kind, String eventId, EventRequest request, int attempt)
            throws InterruptedException {
        AsyncCall call = new AsyncCall(eventId, function.namespace(), function.name(), "POST", "",
                request.headers(), request.body(), null, kind, Instant.now());
        FunctionOutcome outcome = invoker.invoke(call);
        if (outcome.status() >= 200 && outcome.status() < 400) {
            stats.delivered(function, kind);
            return Result.DELIVERED;
        }
        if (outcome.retryable() && attempt < settings.maxAttempts()) {
            return Result.RETRY;
        }
        LOG.warn("{} event {} for {} is a dead letter after {} attempt(s): {}", kind, eventId, function, attempt,
                outcome.error());
        ledger.deadLetter(call, attempt, outcome);
        stats.failed(function, kind, outcome.error());
        return Result.DEAD_LETTER;
    }

    /** The wait before attempt {@code attempt + 1}. */
    public java.time.Duration backoff(int attempt) {
        return settings.backoff().after(attempt);
    }
}
