package dev.faas.controller.dashboard;

import dev.faas.controller.runtime.RuntimeStatus.ColdStartSummary;
import dev.faas.controller.runtime.RuntimeStatus.ColdStartView;
import io.micronaut.core.annotation.Introspected;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One finished cold start as the dashboard draws it: when (epoch ms), how long, each phase, and whether a
 * prewarmed pool served it.
 */
@Introspected
public record DashboardColdStart(String id, long at, long totalMs, Map<String, Long> phases, boolean pooled) {

    /** The finished cold starts of a recorder's summary (those with a first response), oldest first. */
    static List<DashboardColdStart> finished(ColdStartSummary summary) {
        List<DashboardColdStart> finished = new ArrayList<>();
        List<ColdStartView> newestFirst = summary.recent();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            ColdStartView view = newestFirst.get(i);
            if (view.totalMs() != null) {
                finished.add(new DashboardColdStart(view.id(), view.startedAt().toEpochMilli(), view.totalMs(),
                        view.phases(), view.pooled()));
            }
        }
        return finished;
    }
}
