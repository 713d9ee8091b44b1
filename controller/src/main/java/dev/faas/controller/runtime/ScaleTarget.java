package dev.faas.controller.runtime;

import dev.faas.controller.autoscaler.ScalingPolicy;
import dev.faas.controller.function.FunctionKey;

import java.time.Instant;

/** What the autoscaler needs to know of one function: its policy, its desired replicas and when that last changed. */
public record ScaleTarget(FunctionKey key, ScalingPolicy policy, int desired, Instant lastChange) {
}
