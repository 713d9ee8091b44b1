package dev.faas.controller.dashboard;

import jakarta.inject.Singleton;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Hands each tick to every connected dashboard. A dashboard that reads too slowly loses its oldest ticks
 * rather than holding memory or slowing the others.
 */
@Singleton
public class DashboardFeed {
    private static final int BUFFERED_TICKS = 32;

    private final Sinks.Many<DashboardTick> sink = Sinks.many().multicast().directBestEffort();

    /** Publishes a tick to the current subscribers (none is fine). */
    public void publish(DashboardTick tick) {
        sink.tryEmitNext(tick);
    }

    /** The ticks from now on. */
    public Flux<DashboardTick> ticks() {
        return sink.asFlux().onBackpressureBuffer(BUFFERED_TICKS, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
    }
}
