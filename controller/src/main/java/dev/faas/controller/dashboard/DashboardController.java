package dev.faas.controller.dashboard;

import dev.faas.controller.coldstart.ColdStartRecorder;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's data, behind the control API's credentials: {@code GET /system/dashboard/series} (a snapshot)
 * and {@code GET /system/dashboard/events} (server-sent events: one {@code snapshot}, then a {@code tick} per sample).
 */
@Controller("/system/dashboard")
public class DashboardController {
    private final FunctionStore store;
    private final SeriesWindow window;
    private final ColdStartRecorder coldStarts;
    private final DashboardFeed feed;
    private final DashboardSampler sampler;
    private final RecentCallsBoard recentCalls;

    public DashboardController(FunctionStore store, SeriesWindow window, ColdStartRecorder coldStarts,
                               DashboardFeed feed, DashboardSampler sampler, RecentCallsBoard recentCalls) {
        this.store = store;
        this.window = window;
        this.coldStarts = coldStarts;
        this.feed = feed;
        this.sampler = sampler;
        this.recentCalls = recentCalls;
    }

    /** Every function's window of samples and kept cold starts. */
    @Get("/series")
    public DashboardSnapshot series() {
        List<DashboardSnapshot.FunctionSeries> functions = new ArrayList<>();
        for (FunctionSpec spec : store.list()) {
            FunctionKey key = spec.key();
            functions.add(new DashboardSnapshot.FunctionSeries(key.namespace(), key.name(), window.samples(key),
                    DashboardColdStart.finished(coldStarts.summary(key)), recentCalls.calls(key)));
        }
        return new DashboardSnapshot(System.currentTimeMillis(), sampler.interval().toMillis(), window.capacity(),
                functions);
    }

    /** The snapshot, then each tick as it is sampled, until the dashboard goes away. */
    @Get(value = "/events", produces = MediaType.TEXT_EVENT_STREAM)
    public Flux<Event<Object>> events() {
        Flux<Event<Object>> ticks = feed.ticks().map(tick -> Event.<Object>of(tick).name("tick"));
        return ticks.startWith(Mono.fromSupplier(() -> Event.<Object>of(series()).name("snapshot")));
    }
}
