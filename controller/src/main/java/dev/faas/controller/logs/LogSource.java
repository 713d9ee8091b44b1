package dev.faas.controller.logs;

import java.nio.file.Path;
import java.time.Instant;

/** One instance's output file and when the instance started (the earliest time any of its lines can have). */
public record LogSource(String instanceId, Path file, Instant startedAt) {
}
