package dev.faas.controller.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The record of every asynchronous call's state, kept in memory and appended as one JSON line per change to
 * {@code <state-dir>/async/calls.log} (replayed at start, the last line of a call wins; rewritten compactly when
 * records are pruned). It is what the API shows; the queue, not this ledger, decides what runs, so these appends
 * need no fsync (a kill -9 keeps what was written; a power cut may lose the last states, never a call).
 */
@Singleton
public class CallLedger {
    private static final Logger LOG = LoggerFactory.getLogger(CallLedger.class);

    private final Path log;
    private final ObjectMapper json;
    private final Map<String, CallStatus> calls = new ConcurrentHashMap<>();
    private OutputStream out;

    public CallLedger(AsyncSettings settings, ObjectMapper json) {
        this.log = AtomicFiles.directory(settings.directory()).resolve("calls.log");
        this.json = json;
        replay();
        rewrite();
    }

    /** Records a newly accepted call. */
    public void accepted(AsyncCall call) {
        CallStatus status = CallStatus.queued(call);
        calls.put(status.callId(), status);
        append(status);
    }

    /** Applies a change to the call's record (created from the call when a crash lost it) and returns the result. */
    public CallStatus update(AsyncCall call, UnaryOperator<CallStatus> change) {
        // Appended inside compute so that two updates of one call reach the log in the order they were made.
        return calls.compute(call.id(), (id, current) -> {
            CallStatus updated = change.apply(current == null ? CallStatus.queued(call) : current);
            append(updated);
            return updated;
        });
    }

    /** Applies a change to a call's record if there is one. */
    public void update(String callId, UnaryOperator<CallStatus> change) {
        calls.computeIfPresent(callId, (id, current) -> {
            CallStatus updated = change.apply(current);
            append(updated);
            return updated;
        });
    }

    /** Records an event a trigger gave up on (after {@code attempts}) as a dead letter, visible like any async call. */
    public void deadLetter(AsyncCall call, int attempts, FunctionOutcome outcome) {
        update(call, status -> status.running(attempts).after(outcome, CallState.DEAD_LETTER));
    }

    /**
     * Forgets completed calls last updated before {@code completedBefore} and dead letters last updated before
     * {@code deadBefore}; calls still queued or running are always kept. Returns how many records went.
     */
    public int prune(Instant completedBefore, Instant deadBefore) {
        int removed = 0;
        for (CallStatus status : List.copyOf(calls.values())) {
            boolean expired = status.state() == CallState.COMPLETED && status.updatedAt().isBefore(completedBefore)
                    || status.state() == CallState.DEAD_LETTER && status.updatedAt().isBefore(deadBefore);
            if (expired && calls.remove(status.callId(), status)) {
                removed++;
            }
        }
        if (removed > 0) {
            rewrite();
        }
        return removed;
    }

    /** A call's record. */
    public Optional<CallStatus> find(String callId) {
        return Optional.ofNullable(calls.get(callId));
    }

    /** Records matching {@code filter}, newest first, at most {@code limit}. */
    public List<CallStatus> list(Predicate<CallStatus> filter, int limit) {
        return calls.values().stream().filter(filter)
                .sorted(Comparator.comparing(CallStatus::acceptedAt).reversed())
                .limit(limit)
                .toList();
    }

    private synchronized void append(CallStatus status) {
        try {
            byte[] line = json.writeValueAsBytes(status);
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record async call " + status.callId() + " in " + log + ": "
                    + e.getMessage(), e);
        }
    }

    private void replay() {
        if (!Files.exists(log)) {
            return;
        }
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    CallStatus status = json.readValue(line, CallStatus.class);
                    calls.put(status.callId(), status);
                } catch (IOException e) {
                    // A line cut short by a crash: the states before it are intact.
                    LOG.warn("Ignoring an unreadable line of {}: {}", log, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read async call records from " + log + ": " + e.getMessage(), e);
        }
    }

    /** Writes the current records as a fresh log (atomically) and appends to it from then on. */
    private synchronized void rewrite() {
        StringBuilder compact = new StringBuilder();
        try {
            for (CallStatus status : calls.values()) {
                compact.append(json.writeValueAsString(status)).append('\n');
            }
            closeQuietly();
            AtomicFiles.write(log, compact.toString().getBytes(StandardCharsets.UTF_8), true);
            out = new java.io.BufferedOutputStream(Files.newOutputStream(log, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + log + ": " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.debug("Closing {}: {}", log, e.getMessage());
            }
        }
    }

    @PreDestroy
    synchronized void close() {
        closeQuietly();
    }
}
