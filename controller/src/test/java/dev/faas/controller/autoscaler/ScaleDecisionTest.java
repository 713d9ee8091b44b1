package dev.faas.controller.autoscaler;

import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scaling rule and the labels it reads. */
class ScaleDecisionTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration STABLE = Duration.ofSeconds(10);
    private static final ScalingPolicy DEFAULTS = ScalingPolicy.defaults(Duration.ofMinutes(5));

    @Test
    void scalesUpAtOnceToCoverCallsInFlight() {
        assertEquals(3, ScaleDecision.desired(DEFAULTS, 1, 25, NOW, NOW, STABLE, NOW));
        assertEquals(20, ScaleDecision.desired(DEFAULTS, 1, 10_000, NOW, NOW, STABLE, NOW), "capped at max");
        assertEquals(1, ScaleDecision.desired(DEFAULTS, 0, 1, NOW, NOW, STABLE, NOW), "a call wakes it from zero");
    }

    @Test
    void scalesDownOneStepOnlyAfterTheStablePeriod() {
        assertEquals(5, ScaleDecision.desired(DEFAULTS, 5, 5, NOW, NOW.minusSeconds(3), STABLE, NOW));
        assertEquals(4, ScaleDecision.desired(DEFAULTS, 5, 5, NOW, NOW.minusSeconds(11), STABLE, NOW));
    }

    @Test
    void idleFunctionsGoToZeroOrToTheirMinimum() {
        Instant longAgo = NOW.minus(Duration.ofMinutes(6));
        assertEquals(0, ScaleDecision.desired(DEFAULTS, 2, 0, longAgo, longAgo, STABLE, NOW));
        assertEquals(2, ScaleDecision.desired(DEFAULTS, 2, 0, NOW.minusSeconds(30), NOW.minusSeconds(3), STABLE, NOW),
                "quiet but not idle: held while recently changed");
        assertEquals(1, ScaleDecision.desired(DEFAULTS, 2, 0, NOW.minusSeconds(30), longAgo, STABLE, NOW),
                "quiet but not idle: steps down towards one");
        assertEquals(1, ScaleDecision.desired(DEFAULTS, 1, 3, longAgo, longAgo, STABLE, NOW),
                "calls in flight are activity");
        ScalingPolicy noZero = ScalingPolicy.of(spec(Map.of(ScalingPolicy.ZERO, "false", ScalingPolicy.MIN, "2")),
                Duration.ofMinutes(5));
        assertEquals(2, ScaleDecision.desired(noZero, 4, 0, longAgo, longAgo, STABLE, NOW));
    }

    @Test
    void labelsAreReadAndBadOnesNamed() {
        ScalingPolicy policy = ScalingPolicy.of(spec(Map.of(ScalingPolicy.MIN, "0", ScalingPolicy.MAX, "3",
                ScalingPolicy.ZERO_DURATION, "30s", ScalingPolicy.TARGET, "4")), Duration.ofMinutes(5));
        assertEquals(new ScalingPolicy(0, 3, true, Duration.ofSeconds(30), 4), policy);
        InvalidFunctionException bad = assertThrows(InvalidFunctionException.class,
                () -> ScalingPolicy.of(spec(Map.of(ScalingPolicy.MAX, "lots")), Duration.ofMinutes(5)));
        assertTrue(bad.getMessage().contains("com.openfaas.scale.max 'lots'"), bad.getMessage());
        InvalidFunctionException badIdle = assertThrows(InvalidFunctionException.class,
                () -> ScalingPolicy.of(spec(Map.of(ScalingPolicy.ZERO_DURATION, "soon")), Duration.ofMinutes(5)));
        assertTrue(badIdle.getMessage().contains("is not a duration"), badIdle.getMessage());
    }

    @Test
    void callLimitsAreReadFromTheirLabelsAndBadOnesNamed() {
        assertEquals(new CallLimits(0, CallLimits.DEFAULT_QUEUE_SIZE), ScalingPolicy.callLimits(spec(Map.of())));
        assertEquals(new CallLimits(3, 7), ScalingPolicy.callLimits(spec(Map.of(ScalingPolicy.CONCURRENCY, "3",
                ScalingPolicy.QUEUE_SIZE, "7"))));
        InvalidFunctionException bad = assertThrows(InvalidFunctionException.class,
                () -> ScalingPolicy.of(spec(Map.of(ScalingPolicy.CONCURRENCY, "-1")), Duration.ofMinutes(5)));
        assertTrue(bad.getMessage().contains("label dev.faas.concurrency '-1' must be a whole number of at least 0"),
                bad.getMessage());
        InvalidFunctionException badQueue = assertThrows(InvalidFunctionException.class,
                () -> ScalingPolicy.of(spec(Map.of(ScalingPolicy.QUEUE_SIZE, "many")), Duration.ofMinutes(5)));
        assertTrue(badQueue.getMessage().contains("dev.faas.queue-size 'many'"), badQueue.getMessage());
    }

    private static FunctionSpec spec(Map<String, String> labels) {
        return new FunctionSpec("f", "default", "faas.local/default/f:1", null, null, List.of(), List.of(), labels,
                null, null, null, false, null);
    }
}
