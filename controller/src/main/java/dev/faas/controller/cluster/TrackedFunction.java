package dev.faas.controller.cluster;

import dev.faas.controller.autoscaler.ScalingPolicy;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.runtime.Activation;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** The cluster reconciler's view of one function: spec, policy, desired replicas and a pending wake-up. Guarded by its monitor. */
final class TrackedFunction {
    private final FunctionKey key;
    private FunctionSpec spec;
    private ScalingPolicy policy;
    private int desired;
    private Instant lastChange = Instant.now();
    private CompletableFuture<Activation> pendingActivation;
    private String pendingColdStart;

    TrackedFunction(FunctionKey key) {
        this.key = key;
    }

    FunctionKey key() {
        return key;
    }

    synchronized FunctionSpec spec() {
        return spec;
    }

    synchronized ScalingPolicy policy() {
        return policy;
    }

    synchronized int desired() {
        return desired;
    }

    synchronized Instant lastChange() {
        return lastChange;
    }

    synchronized void serve(FunctionSpec next, ScalingPolicy nextPolicy, int replicas) {
        spec = next;
        policy = nextPolicy;
        setDesired(replicas);
    }

    synchronized void setDesired(int replicas) {
        if (replicas != desired) {
            desired = replicas;
            lastChange = Instant.now();
        }
    }

    synchronized CompletableFuture<Activation> pendingActivation() {
        return pendingActivation;
    }

    synchronized String pendingColdStart() {
        return pendingColdStart;
    }

    synchronized void pending(CompletableFuture<Activation> activation, String coldStartId) {
        pendingActivation = activation;
        pendingColdStart = coldStartId;
    }
}
