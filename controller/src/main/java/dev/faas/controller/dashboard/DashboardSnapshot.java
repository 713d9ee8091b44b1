package dev.faas.controller.dashboard;

import io.micronaut.core.annotation.Introspected;

import java.util.List;

/**
 * Everything a dashboard needs to draw at once (the first {@code snapshot} event): each function's window of
 * samples and its kept cold starts, newest last.
 */
@Introspected
public record DashboardSnapshot(long at, long sampleIntervalMs, int window, List<FunctionSeries> functions) {

    /** One function's series, and its recent calls through the router (newest first). */
    @Introspected
    public record FunctionSeries(String namespace, String name, List<FunctionSample> samples,
                                 List<DashboardColdStart> coldStarts, List<RecentCall> recentCalls) {
    }
}
