package dev.faas.controller.runtime;

import io.micronaut.core.annotation.Introspected;

import java.time.Instant;

/** One line of an instance's output, in the OpenFaaS log message shape. */
@Introspected
public record LogLine(String name, String namespace, String instance, Instant timestamp, String text) {
}
