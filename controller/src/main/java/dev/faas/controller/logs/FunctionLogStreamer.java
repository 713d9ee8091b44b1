package dev.faas.controller.logs;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.runtime.LogLine;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Streams a function's instance logs as {@link LogLine}s. Instance output is written straight to files (it
 * must outlive the controller), so lines carry no time of their own: for the tail, times are spread evenly
 * between the instance's start and the file's last modification; when following, a line's time is when it
 * was read.
 */
@Singleton
public class FunctionLogStreamer {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionLogStreamer.class);
    private static final Duration FOLLOW_POLL = Duration.ofMillis(200);

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faas-logs");
        t.setDaemon(true);
        return t;
    });

    /**
     * Sends up to {@code tail} lines (all when negative) not older than {@code since}, then with
     * {@code follow} keeps sending new lines of the sources (re-read every poll, so new instances join)
     * until the handle is closed; {@code onEnd} runs once at the end.
     */
    public AutoCloseable stream(FunctionKey key, Supplier<List<LogSource>> sources, int tail, Instant since,
                                boolean follow, Consumer<LogLine> sink, Runnable onEnd) {
        AtomicBoolean closed = new AtomicBoolean();
        executor.execute(() -> {
            try {
                Map<String, Long> offsets = new HashMap<>();
                sendTail(key, sources.get(), tail, since, sink, offsets);
                while (follow && !closed.get()) {
                    Thread.sleep(FOLLOW_POLL.toMillis());
                    for (LogSource source : sources.get()) {
                        long offset = offsets.getOrDefault(source.instanceId(), 0L);
                        InstanceLogFile.Chunk chunk = new InstanceLogFile(source.file()).readFrom(offset);
                        offsets.put(source.instanceId(), chunk.nextOffset());
                        Instant now = Instant.now();
                        for (String line : chunk.lines()) {
                            sink.accept(new LogLine(key.name(), key.namespace(), source.instanceId(), now, line));
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("log stream of {} ended early: {}", key, e.getMessage());
            } finally {
                onEnd.run();
            }
        });
        return () -> closed.set(true);
    }

    private void sendTail(FunctionKey key, List<LogSource> sources, int tail, Instant since,
                          Consumer<LogLine> sink, Map<String, Long> offsets) {
        List<LogLine> lines = new ArrayList<>();
        for (LogSource source : sources) {
            InstanceLogFile.Chunk chunk = new InstanceLogFile(source.file()).readFrom(0);
            offsets.put(source.instanceId(), chunk.nextOffset());
            List<String> text = chunk.lines();
            Instant last = modified(source);
            Instant first = source.startedAt().isAfter(last) ? last : source.startedAt();
            long span = Duration.between(first, last).toMillis();
            for (int i = 0; i < text.size(); i++) {
                long offset = text.size() == 1 ? span : span * i / (text.size() - 1);
                Instant at = first.plusMillis(offset);
                if (since == null || !at.isBefore(since)) {
                    lines.add(new LogLine(key.name(), key.namespace(), source.instanceId(), at, text.get(i)));
                }
            }
        }
        lines.sort(Comparator.comparing(LogLine::timestamp));
        int from = tail < 0 ? 0 : Math.max(0, lines.size() - tail);
        lines.subList(from, lines.size()).forEach(sink);
    }

    private static Instant modified(LogSource source) {
        try {
            return Files.getLastModifiedTime(source.file()).toInstant();
        } catch (IOException e) {
            return source.startedAt();
        }
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
