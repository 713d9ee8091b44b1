package dev.faas.controller.dashboard;

import io.micronaut.core.annotation.Introspected;

import java.util.List;

/**
 * One sampling instant: the new sample of every function, and the recent calls of those functions whose calls
 * changed since the previous tick (sent as the {@code tick} event).
 */
@Introspected
public record DashboardTick(long at, List<FunctionSample> samples, List<FunctionCalls> recentCalls) {
}
