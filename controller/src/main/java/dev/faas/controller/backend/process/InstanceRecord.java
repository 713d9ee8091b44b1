package dev.faas.controller.backend.process;

import io.micronaut.core.annotation.Introspected;

/**
 * What is written next to an instance's log ({@code <state>/instances/<id>.json}) so that a restarted
 * controller can find and adopt the process.
 */
@Introspected
public record InstanceRecord(
        String instanceId,
        String namespace,
        String name,
        String image,
        long pid,
        int port,
        long startedAtMs) {
}
