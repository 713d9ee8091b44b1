package dev.faas.router.traffic;

import io.micronaut.core.annotation.Introspected;

import java.util.Map;

/**
 * One function's part of a traffic report.
 *
 * @param namespace the function's namespace
 * @param name      the function's name
 * @param requests  calls started since the previous report
 * @param inFlight  calls in flight now
 * @param instances calls in flight now per instance id
 */
@Introspected
public record FunctionTrafficReport(String namespace, String name, long requests, int inFlight,
                                    Map<String, Integer> instances) {
}
