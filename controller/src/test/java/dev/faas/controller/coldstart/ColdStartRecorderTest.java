package dev.faas.controller.coldstart;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.instance.StartupTimings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cold-start records whose steps are heard of out of order. */
class ColdStartRecorderTest {
    private static final FunctionKey HELLO = new FunctionKey("default", "hello");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ColdStartRecorder recorder = new ColdStartRecorder(meters);

    @Test
    void aFirstResponseHeardBeforeTheReadinessIsKeptAndPublishedWithIt() {
        // A pooled instance holds its first call while it loads, so the router can report the answer before the
        // controller hears the specialization's own answer.
        String id = recorder.begin(HELLO, 1_000, 1_004);
        assertTrue(recorder.firstResponse(id, 1_020));
        assertNull(totalTimer(), "nothing is published before the readiness is known");

        recorder.ready(id, 0, new StartupTimings(null, 1_009L, 1_012L, true), 1_023);

        ColdStartRecord record = recorder.find(id).orElseThrow();
        assertEquals(20L, record.totalMs());
        assertEquals(0L, record.phases().get("first_response"), "answered before the readiness: no time after it");
        assertEquals(1, totalTimer().count());
        assertEquals(20.0, totalTimer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS));
        assertFalse(recorder.firstResponse(id, 1_030), "a second first response is not taken");
        assertEquals(1, totalTimer().count());
    }

    @Test
    void aFirstResponseAfterTheReadinessIsPublishedAtOnce() {
        String id = recorder.begin(HELLO, 2_000, 2_001);
        recorder.ready(id, 0, new StartupTimings(null, 2_002L, 2_005L, true), 2_008);
        assertNull(totalTimer());
        assertTrue(recorder.firstResponse(id, 2_011));
        assertEquals(3L, recorder.find(id).orElseThrow().phases().get("first_response"));
        assertEquals(1, totalTimer().count());
    }

    private Timer totalTimer() {
        return meters.find("faas.cold.start").tag("phase", "total").timer();
    }
}
