package dev.faas.controller.image;

import io.micronaut.core.annotation.Introspected;

import java.time.Instant;

/**
 * A function image as built: its reference, the manifest digest (registry and tar targets; for the docker target
 * the image id, which is what the engine knows it by), the image id (config digest), where it went, its size
 * (uncompressed content of its layers) and when it was built.
 */
@Introspected
public record BuiltImage(String reference, String digest, String imageId, String target, long sizeBytes,
                         Instant builtAt) {
}
