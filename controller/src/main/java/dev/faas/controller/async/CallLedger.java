package dev.faas.controller.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The record of every asynchronous call's state ({@code <state-dir>/async/calls/<id>.json}), kept in memory and on
 * disk. It is what the API shows; the queue, not this ledger, decides what runs, so these writes need no fsync.
 */
@Singleton
public class CallLedger {
    private static final Logger LOG = LoggerFactory.getLogger(CallLedger.class);

    private final Path dir;
    private final ObjectMapper json;
    private final Map<String, CallStatus> calls = new ConcurrentHashMap<>();

    public CallLedger(AsyncSettings settings, ObjectMapper json) {
        this.dir = AtomicFiles.directory(settings.directory().resolve("calls"));
        this.json = json;
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(path -> path.toString().endsWith(".json")).forEach(this::load);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list async call records in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Records a newly accepted call. */
    public void accepted(AsyncCall call) {
        store(CallStatus.queued(call));
    }

    /** Applies a change to the call's record (created from the call when a crash lost it) and returns the result. */
    public CallStatus update(AsyncCall call, UnaryOperator<CallStatus> change) {
        // Written inside compute so that two updates of one call reach the disk in the order they were made.
        return calls.compute(call.id(), (id, current) -> {
            CallStatus updated = change.apply(current == null ? CallStatus.queued(call) : current);
            write(updated);
            return updated;
        });
    }

    /** Applies a change to a call's record if there is one. */
    public void update(String callId, UnaryOperator<CallStatus> change) {
        calls.computeIfPresent(callId, (id, current) -> {
            CallStatus updated = change.apply(current);
            write(updated);
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
    public int prune(java.time.Instant completedBefore, java.time.Instant deadBefore) {
        int removed = 0;
        for (CallStatus status : List.copyOf(calls.values())) {
            boolean expired = status.state() == CallState.COMPLETED && status.updatedAt().isBefore(completedBefore)
                    || status.state() == CallState.DEAD_LETTER && status.updatedAt().isBefore(deadBefore);
            if (expired && calls.remove(status.callId(), status)) {
                AtomicFiles.delete(dir.resolve(status.callId() + ".json"));
                removed++;
            }
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

    private void store(CallStatus status) {
        calls.put(status.callId(), status);
        write(status);
    }

    private void write(CallStatus status) {
        try {
            AtomicFiles.write(dir.resolve(status.callId() + ".json"), json.writeValueAsBytes(status), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record async call " + status.callId() + ": " + e.getMessage(), e);
        }
    }

    private void load(Path file) {
        try {
            CallStatus status = json.readValue(file.toFile(), CallStatus.class);
            calls.put(status.callId(), status);
        } catch (IOException e) {
            LOG.warn("Ignoring unreadable async call record {}: {}", file, e.getMessage());
        }
    }
}
