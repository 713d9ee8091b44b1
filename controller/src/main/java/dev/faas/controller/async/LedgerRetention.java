package dev.faas.controller.async;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the call records from growing without end (a one-second cron adds 86,400 a day): completed calls are
 * forgotten after {@code faas.async.retention} (24h), dead letters after {@code faas.async.dead-letter-retention} (7d).
 */
@Singleton
public class LedgerRetention {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerRetention.class);

    private final CallLedger ledger;
    private final Duration completed;
    private final Duration deadLetters;

    public LedgerRetention(CallLedger ledger, @Value("${faas.async.retention:24h}") Duration completed,
                           @Value("${faas.async.dead-letter-retention:7d}") Duration deadLetters) {
        this.ledger = ledger;
        this.completed = completed;
        this.deadLetters = deadLetters;
    }

    /** Runs once a minute. */
    @Scheduled(fixedDelay = "1m", initialDelay = "1m")
    void prune() {
        Instant now = Instant.now();
        int removed = ledger.prune(now.minus(completed), now.minus(deadLetters));
        if (removed > 0) {
            LOG.info("Forgot {} finished async call record(s)", removed);
        }
    }
}
