package dev.faas.controller.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One subscription to the engine's {@code die} events of this controller's containers. When the stream drops
 * (the engine restarted, say) it subscribes again from the last event seen and then runs
 * {@code onResubscribed}, so that deaths during the gap are found by looking.
 */
final class ContainerEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerEvents.class);
    private static final long RETRY_SECONDS = 2;

    private final DockerClient docker;
    private final Map<String, String> labels;
    private final Consumer<Event> onDie;
    private final Runnable onResubscribed;
    private final ScheduledExecutorService scheduler;
    private volatile long sinceSeconds = Instant.now().getEpochSecond();
    private volatile Closeable subscription;
    private volatile boolean closed;
    private volatile boolean failing;

    ContainerEvents(DockerClient docker, Map<String, String> labels, Consumer<Event> onDie, Runnable onResubscribed,
                    ScheduledExecutorService scheduler) {
        this.docker = docker;
        this.labels = labels;
        this.onDie = onDie;
        this.onResubscribed = onResubscribed;
        this.scheduler = scheduler;
    }

    void start() {
        subscribe(false);
    }

    private void subscribe(boolean again) {
        if (closed) {
            return;
        }
        try {
            subscription = docker.eventsCmd()
                    .withLabelFilter(labels)
                    .withEventTypeFilter(EventType.CONTAINER)
                    .withEventFilter("die")
                    .withSince(Long.toString(sinceSeconds))
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Event event) {
                            failing = false;
                            if (event.getTime() != null) {
                                sinceSeconds = Math.max(sinceSeconds, event.getTime());
                            }
                            onDie.accept(event);
                        }

                        @Override
                        public void onError(Throwable error) {
                            dropped(error);
                        }

                        @Override
                        public void onComplete() {
                            dropped(null);
                        }
                    });
            if (again) {
                onResubscribed.run();
            }
        } catch (RuntimeException e) {
            dropped(e);
        }
    }

    private void dropped(Throwable error) {
        if (closed) {
            return;
        }
        if (!failing) {
            // Said once per outage, not every retry.
            LOG.warn("the Docker event stream ended ({}); subscribing again every {} s",
                    error == null ? "closed by the engine" : error.getMessage(), RETRY_SECONDS);
            failing = true;
        }
        if (!scheduler.isShutdown()) {
            scheduler.schedule(() -> subscribe(true), RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        Closeable s = subscription;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing the Docker event stream: {}", e.getMessage());
            }
        }
    }
}
