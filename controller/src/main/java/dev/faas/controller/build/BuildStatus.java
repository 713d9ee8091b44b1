package dev.faas.controller.build;

import io.micronaut.core.annotation.Introspected;

import java.time.Instant;

/**
 * What {@code GET /system/builds/{id}} answers; {@code image} is set on success, {@code error} on failure.
 * {@code digest} is the built image's digest (manifest digest; image id for the docker target), null when
 * {@code faas.image.target} is {@code none}.
 */
@Introspected
public record BuildStatus(String id, String name, String namespace, String status, String image, String digest,
                         String error, Instant startedAt, Instant finishedAt) {
    /** The build is still going. */
    public static final String RUNNING = "running";
    /** The build produced an artifact; {@code image} names it. */
    public static final String SUCCEEDED = "succeeded";
    /** The build failed; {@code error} says why. */
    public static final String FAILED = "failed";
}
