package dev.faas.controller.pool;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The prewarmed pool's configuration: {@code faas.pool.enabled} (default false), {@code faas.pool.size} (generic
 * instances kept idle, default 2) and {@code faas.pool.max-backoff} (longest wait between failed refills).
 */
@Singleton
public class PoolSettings {
    private final boolean enabled;
    private final int size;
    private final Duration maxBackoff;

    public PoolSettings(@Value("${faas.pool.enabled:false}") boolean enabled,
                        @Value("${faas.pool.size:2}") int size,
                        @Value("${faas.pool.max-backoff:30s}") Duration maxBackoff) {
        if (size < 0) {
            throw new IllegalArgumentException("faas.pool.size must be 0 or more, not " + size);
        }
        this.enabled = enabled;
        this.size = size;
        this.maxBackoff = maxBackoff;
    }

    public boolean enabled() {
        return enabled;
    }

    /** How many generic instances the pool keeps started (idle or starting). */
    public int size() {
        return size;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }
}
