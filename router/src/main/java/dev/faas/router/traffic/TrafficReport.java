package dev.faas.router.traffic;

import io.micronaut.core.annotation.Introspected;

import java.util.List;

/**
 * The body of {@code POST /system/traffic}.
 *
 * @param router    this router's id
 * @param functions functions with calls since the previous report or calls in flight
 */
@Introspected
public record TrafficReport(String router, List<FunctionTrafficReport> functions) {
}
