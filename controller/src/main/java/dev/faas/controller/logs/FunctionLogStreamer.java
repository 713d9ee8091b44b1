package dev.faas.controller.logs;

import dev.faas.controller.backend.Backend;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.runtime.LogLine;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Streams a function's instance logs as {@link LogLine}s, reading each instance's output through the backend
 * ({@link Backend#logs}), so it knows no backend: the merged tail first, then new lines while following.
 */
@Singleton
public class FunctionLogStreamer {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionLogStreamer.class);
    private static final Duration FOLLOW_POLL = Duration.ofMillis(200);

    private final Backend backend;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faas-logs");
        t.setDaemon(true);
        return t;
    });

    public FunctionLogStreamer(Backend backend) {
        this.backend = backend;
    }

    /**
     * Sends up to {@code tail} lines (all when negative) not older than {@code since}, then with
     * {@code follow} keeps sending new lines of the instances (asked for again every poll, so new instances
     * join) until the handle is closed; {@code onEnd} runs once at the end.
     */
    public AutoCloseable stream(FunctionKey key, Supplier<List<InstanceHandle>> instances, int tail, Instant since,
                                boolean follow, Consumer<LogLine> sink, Runnable onEnd) {
        AtomicBoolean closed = new AtomicBoolean();
        executor.execute(() -> {
            Map<String, InstanceLog> open = new HashMap<>();
            try {
                sendTail(key, instances.get(), tail, since, sink, open);
                while (follow && !closed.get()) {
                    Thread.sleep(FOLLOW_POLL.toMillis());
                    for (InstanceHandle instance : instances.get()) {
                        InstanceLog log = open.get(instance.instanceId());
                        List<InstanceLogLine> lines;
                        if (log == null) {
                            // An instance that joined while following: everything it wrote so far is new.
                            log = backend.logs(instance);
                            open.put(instance.instanceId(), log);
                            lines = log.tail(-1);
                        } else {
                            lines = log.next();
                        }
                        lines.forEach(l -> sink.accept(toLine(key, instance, l)));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("log stream of {} ended early: {}", key, e.getMessage());
            } finally {
                open.values().forEach(InstanceLog::close);
                onEnd.run();
            }
        });
        return () -> closed.set(true);
    }

    private void sendTail(FunctionKey key, List<InstanceHandle> instances, int tail, Instant since,
                          Consumer<LogLine> sink, Map<String, InstanceLog> open) {
        List<LogLine> lines = new ArrayList<>();
        // Without 'since' the last 'tail' lines of all instances are among each instance's last 'tail'.
        int perInstance = since == null ? tail : -1;
        for (InstanceHandle instance : instances) {
            InstanceLog log = backend.logs(instance);
            open.put(instance.instanceId(), log);
            for (InstanceLogLine line : log.tail(perInstance)) {
                if (since == null || !line.at().isBefore(since)) {
                    lines.add(toLine(key, instance, line));
                }
            }
        }
        lines.sort(Comparator.comparing(LogLine::timestamp));
        int from = tail < 0 ? 0 : Math.max(0, lines.size() - tail);
        lines.subList(from, lines.size()).forEach(sink);
    }

    private static LogLine toLine(FunctionKey key, InstanceHandle instance, InstanceLogLine line) {
        return new LogLine(key.name(), key.namespace(), instance.instanceId(), line.at(), line.text());
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
