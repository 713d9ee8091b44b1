package dev.faas.router.drain;

import dev.faas.router.config.DurationText;
import dev.faas.router.config.RouterSettings;
import io.micronaut.runtime.graceful.GracefulShutdownManager;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drains the router before it stops: it stops accepting connections at once, every connection is closed after
 * the call it carries is answered (idle ones at once), and the drain ends when none is left or after
 * {@code faas.router.drain-timeout}. Calls held for a scale-up are answered too: they are calls in flight.
 */
@Singleton
public class RouterDrain {
    private static final Logger LOG = LoggerFactory.getLogger(RouterDrain.class);

    private final GracefulShutdownManager connections;
    private final RouterSettings settings;

    public RouterDrain(GracefulShutdownManager connections, RouterSettings settings) {
        this.connections = connections;
        this.settings = settings;
    }

    /** Starts draining; completes (never exceptionally) once drained or when the drain timeout has passed. */
    public CompletableFuture<Void> drain() {
        LOG.info("draining: no new connections; waiting up to {} for the calls in flight",
                DurationText.of(settings.drainTimeout()));
        long start = System.nanoTime();
        return connections.shutdownGracefully().toCompletableFuture()
                .orTimeout(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((done, error) -> {
                    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    if (error instanceof TimeoutException) {
                        LOG.warn("drain timeout ({}) reached with {} calls still in flight; they are cut off",
                                DurationText.of(settings.drainTimeout()),
                                connections.reportActiveTasks().orElse(-1));
                    } else if (error != null) {
                        LOG.warn("draining failed; stopping anyway", error);
                    } else {
                        LOG.info("drained in {} ms", took);
                    }
                    return null;
                });
    }
}
