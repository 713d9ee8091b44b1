package dev.faas.controller.dashboard;

import io.micronaut.core.annotation.Introspected;

import java.util.List;

/** A function's last calls through the router, newest first; {@code total} counts all since the router started. */
@Introspected
public record FunctionCalls(String namespace, String name, long total, List<RecentCall> calls) {
}
