package dev.faas.controller.dashboard;

import dev.faas.controller.runtime.RuntimeStatus.ColdStartView;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * One finished cold start as the dashboard draws it: when (epoch ms), how long, each phase, and whether a
 * prewarmed pool served it ({@code null} while cold-start records do not say).
 */
@Introspected
public record DashboardColdStart(String id, long at, long totalMs, Map<String, Long> phases, @Nullable Boolean pooled) {

    /** The dashboard's view of a recorder's record; records do not carry {@code pooled} yet. */
    static DashboardColdStart of(ColdStartView view) {
        return new DashboardColdStart(view.id(), view.startedAt().toEpochMilli(), view.totalMs(), view.phases(), null);
    }
}
