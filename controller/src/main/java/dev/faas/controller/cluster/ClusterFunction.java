package dev.faas.controller.cluster;

import dev.faas.controller.function.FunctionSpec;

/** A function as its cluster objects describe it: the spec they were made from and their desired replicas. */
public record ClusterFunction(FunctionSpec spec, int replicas) {
}
