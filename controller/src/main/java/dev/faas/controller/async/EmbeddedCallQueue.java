package dev.faas.controller.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The default queue: one file per call under {@code <state-dir>/async/queue/}, written with fsync before the call is
 * accepted and deleted when it is acknowledged. At start every file left is queued again (oldest first), so a call
 * accepted before a kill -9 runs after the restart. Only ids wait in memory; a call is read back when it is due.
 */
@Singleton
@Named("embedded")
@Requires(property = "faas.async.queue", value = "embedded", defaultValue = "embedded")
public class EmbeddedCallQueue implements CallQueue {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCallQueue.class);
    private static final String SUFFIX = ".call";

    private final Path dir;
    private final ObjectMapper json;
    private final DelayQueue<Due> due = new DelayQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();

    public EmbeddedCallQueue(AsyncSettings settings, ObjectMapper json) {
        this(settings.directory().resolve("queue"), json);
    }

    /** A queue in {@code dir}, re-queuing the calls a previous run left there. */
    public EmbeddedCallQueue(Path dir, ObjectMapper json) {
        this.dir = AtomicFiles.directory(dir);
        this.json = json;
        // Call ids start with their acceptance time in hex, so the names sort oldest first.
        try (Stream<Path> files = Files.list(dir)) {
            files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(SUFFIX)).sorted()
                    .forEach(name -> schedule(name.substring(0, name.length() - SUFFIX.length()), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the async queue " + dir + ": " + e.getMessage(), e);
        }
        stored.set(due.size());
        if (stored.get() > 0) {
            LOG.info("Async queue: {} call(s) left from the last run queued again", stored.get());
        }
    }

    @Override
    public void enqueue(AsyncCall call) {
        try {
            AtomicFiles.write(file(call.id()), json.writeValueAsBytes(call), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store async call " + call.id() + ": " + e.getMessage(), e);
        }
        stored.incrementAndGet();
        schedule(call.id(), 0);
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
                return Optional.of(new FileDelivery(call.get()));
            }
        }
    }

    @Override
    public long depth() {
        return stored.get();
    }

    @Override
    public String kind() {
        return "embedded";
    }

    private Optional<AsyncCall> read(String callId) {
        Path file = file(callId);
        try {
            return Optional.of(json.readValue(file.toFile(), AsyncCall.class));
        } catch (IOException e) {
            // A file that cannot be read would be retried forever; set it aside where a person can look at it.
            LOG.error("Async call file {} is unreadable ({}); renamed to {}.broken", file, e.getMessage(), file);
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + ".broken"));
            } catch (IOException ignored) {
                // It stays where it is and is retried after the next restart.
            }
            stored.decrementAndGet();
            return Optional.empty();
        }
    }

    private void schedule(String callId, long delayMillis) {
        due.put(new Due(callId, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis),
                sequence.incrementAndGet()));
    }

    private Path file(String callId) {
        return dir.resolve(callId + SUFFIX);
    }

    /** A delivery whose acknowledgement deletes the call's file. */
    private final class FileDelivery implements Delivery {
        private final AsyncCall call;

        FileDelivery(AsyncCall call) {
            this.call = call;
        }

        @Override
        public AsyncCall call() {
            return call;
        }

        @Override
        public void ack() {
            AtomicFiles.delete(file(call.id()));
            stored.decrementAndGet();
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
