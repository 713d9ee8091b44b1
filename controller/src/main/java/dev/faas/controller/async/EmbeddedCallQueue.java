package dev.faas.controller.async;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The default queue: an append-only log under {@code <state-dir>/async/queue/} ({@link QueueLog}) with group
 * commit. A call is accepted once the fsync covering its record returned — calls arriving together share one — and
 * an acknowledgement appends a small "ack" record (written, not forced: losing it on a power cut only repeats the
 * call). At start the log is replayed and every call without an ack is queued again, oldest first, so a call
 * accepted before a kill -9 runs after the restart. Only ids and record locations wait in memory; a call is read
 * back from its segment when it is due.
 */
@Singleton
@Named("embedded")
@Requires(property = "faas.async.queue", value = "embedded", defaultValue = "embedded")
public class EmbeddedCallQueue implements CallQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCallQueue.class);
    private static final long SEGMENT_BYTES = 16L * 1024 * 1024;

    private final ObjectMapper json;
    private final QueueLog log;
    private final Map<String, QueueLog.Location> stored = new ConcurrentHashMap<>();
    private final DelayQueue<Due> due = new DelayQueue<>();
    private final AtomicLong sequence = new AtomicLong();

    /** One line of the log: a call, or the acknowledgement of one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(AsyncCall call, String ack) {
    }

    public EmbeddedCallQueue(AsyncSettings settings, ObjectMapper json) {
        this(settings.directory().resolve("queue"), json, SEGMENT_BYTES);
    }

    /** A queue in {@code dir}, re-queuing the calls a previous run left there unacknowledged. */
    public EmbeddedCallQueue(Path dir, ObjectMapper json) {
        this(dir, json, SEGMENT_BYTES);
    }

    /** As above, starting a new segment file once the current one reaches {@code segmentBytes}. */
    EmbeddedCallQueue(Path dir, ObjectMapper json, long segmentBytes) {
        this.json = json;
        // Log order is acceptance order, so replaying it queues the oldest first.
        Map<String, QueueLog.Location> left = new LinkedHashMap<>();
        this.log = new QueueLog(dir, segmentBytes, (location, record) -> {
            Entry entry = parse(record);
            if (entry == null) {
                LOG.warn("Async queue: an unreadable record in segment {} at offset {}; skipped",
                        location.segment(), location.offset());
            } else if (entry.call() != null) {
                left.put(entry.call().id(), location);
            } else if (entry.ack() != null) {
                left.remove(entry.ack());
            }
        });
        left.forEach((callId, location) -> {
            log.hold(location);
            stored.put(callId, location);
            schedule(callId, 0);
        });
        log.replayDone();
        if (!left.isEmpty()) {
            LOG.info("Async queue: {} call(s) left from the last run queued again", left.size());
        }
        adoptCallFiles(dir);
    }

    // Before the log, each call was a file <id>.call here: move those into the log (durably) so an upgrade loses none.
    private void adoptCallFiles(Path dir) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith(".call")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the async queue " + dir + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            try {
                enqueue(json.readValue(file.toFile(), AsyncCall.class)).join();
                AtomicFiles.delete(file);
            } catch (IOException e) {
                LOG.error("Async call file {} is unreadable ({}); left where it is", file, e.getMessage());
            }
        }
        if (!files.isEmpty()) {
            LOG.info("Async queue: {} call file(s) of the earlier file-per-call queue moved into the log", files.size());
        }
    }

    @Override
    public CompletableFuture<Void> enqueue(AsyncCall call) {
        byte[] record;
        try {
            record = json.writeValueAsBytes(new Entry(call, null));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException("cannot encode async call " + call.id()
                    + ": " + e.getMessage(), e));
        }
        // Due only once durable: a worker never runs a call that a crash could still take back.
        return log.append(record, true, true).thenAccept(location -> {
            stored.put(call.id(), location);
            schedule(call.id(), 0);
        });
    }

    @Override
    public Optional<Delivery> poll(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Due next = due.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                return Optional.empty();
            }
            Optional<AsyncCall> call = read(next.callId());
            if (call.isPresent()) {
                return Optional.of(new LogDelivery(call.get()));
            }
        }
    }

    @Override
    public long depth() {
        return stored.size();
    }

    @Override
    public String kind() {
        return "embedded";
    }

    /** Forces to disk so far (one per group of calls stored together). */
    long syncs() {
        return log.syncs();
    }

    /** Segment files on disk now (old ones go once all their calls are acknowledged). */
    long segmentCount() {
        return log.segmentCount();
    }

    private Optional<AsyncCall> read(String callId) {
        QueueLog.Location location = stored.get(callId);
        if (location == null) {
            return Optional.empty();
        }
        Entry entry;
        try {
            entry = parse(log.read(location));
        } catch (IOException e) {
            entry = null;
        }
        if (entry == null || entry.call() == null) {
            // Unreadable would mean retried forever: drop it loudly (the segment file stays for a person to read).
            LOG.error("Async call {} cannot be read back from queue segment {} at offset {}; dropped", callId,
                    location.segment(), location.offset());
            forget(callId, location);
            return Optional.empty();
        }
        return Optional.of(entry.call());
    }

    private Entry parse(byte[] record) {
        try {
            return json.readValue(record, Entry.class);
        } catch (IOException e) {
            return null;
        }
    }

    private void forget(String callId, QueueLog.Location location) {
        if (stored.remove(callId, location)) {
            log.release(location);
        }
    }

    private void schedule(String callId, long delayMillis) {
        due.put(new Due(callId, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis),
                sequence.incrementAndGet()));
    }

    @PreDestroy
    @Override
    public void close() {
        log.close();
    }

    /** A delivery whose acknowledgement appends an ack record for the call. */
    private final class LogDelivery implements Delivery {
        private final AsyncCall call;

        LogDelivery(AsyncCall call) {
            this.call = call;
        }

        @Override
        public AsyncCall call() {
            return call;
        }

        @Override
        public void ack() {
            QueueLog.Location location = stored.get(call.id());
            if (location == null) {
                return;
            }
            try {
                // Written (so that a kill -9 keeps it) before the call's own record may go with its segment.
                log.append(json.writeValueAsBytes(new Entry(null, call.id())), false, false).join();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot acknowledge async call " + call.id() + ": " + e.getMessage(), e);
            }
            forget(call.id(), location);
        }

        @Override
        public void retryAfter(Duration delay) {
            schedule(call.id(), delay.toMillis());
        }
    }

    /** A call id due at {@code dueNanos}; equal times keep their queueing order. */
    private record Due(String callId, long dueNanos, long sequence) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Due that = (Due) other;
            int byTime = Long.compare(dueNanos, that.dueNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, that.sequence);
        }
    }
}
