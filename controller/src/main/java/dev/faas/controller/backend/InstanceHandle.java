package dev.faas.controller.backend;

import dev.faas.controller.function.FunctionKey;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;

/** A started instance as the backend knows it: where it listens, where its output goes, when it started. */
public record InstanceHandle(
        String instanceId,
        FunctionKey function,
        String image,
        URI url,
        long pid,
        Instant startedAt,
        Path logFile) {
}
