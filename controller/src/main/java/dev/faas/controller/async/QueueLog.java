package dev.faas.controller.async;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * An append-only log of newline-terminated records in numbered segment files ({@code 0000000001.log}, …) with
 * group commit: one writer thread takes every append waiting, writes them together and forces the file to disk
 * once, then completes all their futures. Calls that arrive together therefore share one fsync, and an append's
 * future never completes before the fsync that covers it. Records are "held" until released; a segment is deleted
 * once it and every older segment hold nothing (oldest first, so that a release recorded in a later segment is never
 * lost while the record it releases survives).
 */
final class QueueLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueLog.class);
    private static final String SUFFIX = ".log";

    private final Path dir;
    private final long segmentBytes;
    private final LinkedBlockingQueue<Append> pending = new LinkedBlockingQueue<>();
    /** Held records per segment, oldest segment first; guarded by {@code this}. */
    private final TreeMap<Long, Integer> held = new TreeMap<>();
    private final Thread writer;
    private long current;
    private FileChannel channel;
    private long size;
    private volatile boolean open = true;
    private final java.util.concurrent.atomic.AtomicLong syncs = new java.util.concurrent.atomic.AtomicLong();

    /** Where a record lies: its segment, offset and length (without the newline). */
    record Location(long segment, long offset, int length) {
    }

    private record Append(byte[] record, boolean durable, boolean hold, CompletableFuture<Location> done) {
    }

    // Tells the writer to stop after what was queued before it (an interrupt would close the channel mid-write).
    private static final Append STOP = new Append(new byte[0], false, false, new CompletableFuture<>());

    /**
     * Opens the log in {@code dir}, handing every complete record of the segments there to {@code replay} (oldest
     * first); appends go to a fresh segment. Call {@link #hold} for each replayed record still wanted.
     */
    QueueLog(Path dir, long segmentBytes, BiConsumer<Location, byte[]> replay) {
        this.dir = AtomicFiles.directory(dir);
        this.segmentBytes = segmentBytes;
        List<Long> segments = segments();
        for (long segment : segments) {
            read(segment, replay);
            held.put(segment, 0);
        }
        current = segments.isEmpty() ? 1 : segments.get(segments.size() - 1) + 1;
        startSegment(current);
        writer = new Thread(this::write, "async-queue-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Marks a replayed record as still wanted: its segment is kept until it is released. */
    synchronized void hold(Location location) {
        held.merge(location.segment(), 1, Integer::sum);
    }

    /** Forgets segments that held nothing after the replay. */
    synchronized void replayDone() {
        deleteUnheld();
    }

    /**
     * Appends {@code record} (no newline in it). The future completes once it is written — and forced to disk
     * when {@code durable} — and holds it when {@code hold}; it fails when the write failed.
     */
    CompletableFuture<Location> append(byte[] record, boolean durable, boolean hold) {
        CompletableFuture<Location> done = new CompletableFuture<>();
        if (!open) {
            done.completeExceptionally(new IllegalStateException("the async queue log " + dir + " is closed"));
            return done;
        }
        pending.add(new Append(record, durable, hold, done));
        return done;
    }

    /** Reads the record at {@code location}. */
    byte[] read(Location location) throws IOException {
        try (FileChannel in = FileChannel.open(segment(location.segment()), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(location.length());
            while (buffer.hasRemaining()) {
                if (in.read(buffer, location.offset() + buffer.position()) < 0) {
                    throw new IOException("record at " + location + " is cut short");
                }
            }
            return buffer.array();
        }
    }

    /** A held record is no longer wanted; segments left holding nothing are deleted. */
    synchronized void release(Location location) {
        held.computeIfPresent(location.segment(), (segment, count) -> count - 1);
        deleteUnheld();
    }

    /** Forces to disk so far: fewer than durable appends when group commit works. */
    long syncs() {
        return syncs.get();
    }

    /** Segment files on disk (for tests and reports). */
    long segmentCount() {
        return segments().size();
    }

    private void write() {
        List<Append> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                continue;
            }
            pending.drainTo(batch);
            stopping = batch.remove(STOP);
            if (!batch.isEmpty()) {
                writeBatch(batch);
            }
            batch.clear();
        }
    }

    // One write call and at most one fsync for the whole batch; futures complete only after both.
    private void writeBatch(List<Append> batch) {
        List<Location> locations = new ArrayList<>(batch.size());
        try {
            if (size >= segmentBytes) {
                roll();
            }
            int total = batch.stream().mapToInt(append -> append.record().length + 1).sum();
            ByteBuffer buffer = ByteBuffer.allocate(total);
            boolean durable = false;
            for (Append append : batch) {
                locations.add(new Location(current, size + buffer.position(), append.record().length));
                buffer.put(append.record()).put((byte) '\n');
                durable |= append.durable();
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (durable) {
                // Data only: the segment's directory entry was forced when it was created, and fdatasync keeps
                // the file's length, which is all a read-back needs.
                channel.force(false);
                syncs.incrementAndGet();
            }
            size += total;
        } catch (IOException | RuntimeException e) {
            UncheckedIOException failure = new UncheckedIOException("cannot append to the async queue log in " + dir
                    + ": " + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
            batch.forEach(append -> append.done().completeExceptionally(failure));
            // Part of the batch may be on disk without its newline; the next record must not be glued to it.
            try {
                roll();
            } catch (IOException | RuntimeException again) {
                LOG.error("Async queue log {}: cannot start a new segment after a failed write: {}", dir,
                        again.getMessage());
            }
            return;
        }
        synchronized (this) {
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).hold()) {
                    held.merge(locations.get(i).segment(), 1, Integer::sum);
                }
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(locations.get(i));
        }
    }

    private void roll() throws IOException {
        channel.close();
        synchronized (this) {
            current++;
        }
        startSegment(current);
        synchronized (this) {
            deleteUnheld();
        }
    }

    private void startSegment(long segment) {
        try {
            channel = FileChannel.open(segment(segment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            size = channel.size();
            // The new file's name must survive a crash before any record in it is reported durable.
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create async queue segment " + segment(segment) + ": "
                    + e.getMessage(), e);
        }
        synchronized (this) {
            held.putIfAbsent(segment, 0);
        }
    }

    // Oldest first, and never the segment being written.
    private void deleteUnheld() {
        while (!held.isEmpty()) {
            var oldest = held.firstEntry();
            if (oldest.getKey() >= current || oldest.getValue() > 0) {
                return;
            }
            held.pollFirstEntry();
            AtomicFiles.delete(segment(oldest.getKey()));
        }
    }

    private void read(long segment, BiConsumer<Location, byte[]> replay) {
        byte[] all;
        try {
            all = Files.readAllBytes(segment(segment));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read async queue segment " + segment(segment) + ": "
                    + e.getMessage(), e);
        }
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                byte[] record = Arrays.copyOfRange(all, start, i);
                replay.accept(new Location(segment, start, record.length), record);
                start = i + 1;
            }
        }
        if (start < all.length) {
            // A record cut short by a crash was never acknowledged to anyone: drop it.
            LOG.warn("Async queue segment {} ends with {} byte(s) of an incomplete record; ignored",
                    segment(segment), all.length - start);
        }
    }

    private List<Long> segments() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX) && name.length() > SUFFIX.length())
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .filter(number -> number.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the async queue " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path segment(long segment) {
        return dir.resolve(String.format("%010d", segment) + SUFFIX);
    }

    /** Writes what is pending, then stops the writer. */
    @Override
    public void close() {
        open = false;
        pending.add(STOP);
        try {
            writer.join(5_000);
            Append late;
            while ((late = pending.poll()) != null) {
                late.done().completeExceptionally(new IllegalStateException("the async queue log " + dir
                        + " closed before this record was written"));
            }
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("Closing the async queue log: {}", e.getMessage());
        }
    }
}
