package dev.faas.controller.logs;

import java.time.Instant;

/** One line of an instance's output and when it was written (as well as the backend knows). */
public record InstanceLogLine(Instant at, String text) {
}
