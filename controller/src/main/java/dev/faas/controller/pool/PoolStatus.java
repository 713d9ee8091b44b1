package dev.faas.controller.pool;

import io.micronaut.core.annotation.Introspected;

import java.util.List;

/**
 * {@code GET /system/pool}: whether the pool runs, how full it is, what it served and the memory its idle
 * instances hold (-1 when the backend cannot tell).
 */
@Introspected
public record PoolStatus(String runtime, boolean enabled, int size, int idle, int starting, long acquired,
                         long fallbacks, long memoryBytes, List<Member> instances) {

    /** One idle generic instance. */
    @Introspected
    public record Member(String id, String url, long memoryBytes) {
    }
}
