package dev.faas.router.traffic;

import dev.faas.router.calls.RecentCalls;
import dev.faas.router.endpoints.Endpoint;
import dev.faas.router.endpoints.FunctionRef;
import dev.faas.router.metrics.RouterMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class TrafficTrackerTest {
    private final FunctionRef ref = new FunctionRef("default", "hello");
    private final Endpoint a = new Endpoint("a", "http://127.0.0.1:1");
    private final Endpoint b = new Endpoint("b", "http://127.0.0.1:2");
    private final TrafficTracker tracker = new TrafficTracker(new RouterMetrics(new RecentCalls(8)));

    @Test
    void picksTheInstanceWithTheFewestCallsInFlight() {
        tracker.begin(ref, "a");
        assertEquals(b, tracker.leastLoaded(ref, List.of(a, b)));
        tracker.begin(ref, "b");
        tracker.begin(ref, "b");
        assertEquals(a, tracker.leastLoaded(ref, List.of(a, b)));
    }

    @Test
    void withALimitOnlyInstancesWithRoomAreChosen() {
        tracker.begin(ref, "a");
        assertEquals(b, tracker.leastLoaded(ref, List.of(a, b), 1));
        tracker.begin(ref, "b");
        assertNull(tracker.leastLoaded(ref, List.of(a, b), 1), "both instances are full");
        assertEquals(a, tracker.leastLoaded(ref, List.of(a), 2));
    }

    @Test
    void reportsCountRequestsSinceTheLastReportAndIdleInstancesOnce() {
        tracker.begin(ref, "a");
        tracker.begin(ref, "b");
        tracker.end(ref, "b");

        FunctionTrafficReport first = tracker.of(ref).drainForReport();
        assertEquals(new FunctionTrafficReport("default", "hello", 2, 1, Map.of("a", 1, "b", 0)), first);

        tracker.end(ref, "a");
        FunctionTrafficReport second = tracker.of(ref).drainForReport();
        assertEquals(new FunctionTrafficReport("default", "hello", 0, 0, Map.of("a", 0)), second);
        assertFalse(tracker.of(ref).hasActivity());
    }

    @Test
    void aFailedReportGivesItsRequestsBack() {
        tracker.begin(ref, "a");
        tracker.end(ref, "a");
        FunctionTrafficReport lost = tracker.of(ref).drainForReport();
        tracker.of(ref).restore(lost);
        assertEquals(1, tracker.of(ref).drainForReport().requests());
    }
}
