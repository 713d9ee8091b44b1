package dev.faas.controller.reconciler;

import dev.faas.controller.autoscaler.ScalingPolicy;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.runtime.Activation;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The reconciler's view of one function: the spec and revision being served, the desired replica count,
 * and start-failure back-off. Guarded by its own monitor.
 */
public final class ManagedFunction {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final FunctionKey key;
    /** Serializes rollouts of this function. */
    final Object rolloutLock = new Object();
    private FunctionSpec spec;
    private ScalingPolicy policy;
    private long revision;
    private long lastRevisionIssued;
    private int desired;
    private Instant lastChange = Instant.now();
    private int consecutiveFailures;
    private Instant retryAt = Instant.MIN;
    private String lastFailure;
    private boolean removed;
    private CompletableFuture<Activation> pendingActivation;

    ManagedFunction(FunctionKey key) {
        this.key = key;
    }

    public FunctionKey key() {
        return key;
    }

    public synchronized FunctionSpec spec() {
        return spec;
    }

    public synchronized ScalingPolicy policy() {
        return policy;
    }

    public synchronized long revision() {
        return revision;
    }

    public synchronized int desired() {
        return desired;
    }

    public synchronized Instant lastChange() {
        return lastChange;
    }

    synchronized boolean isServing() {
        return spec != null && !removed;
    }

    synchronized long issueRevision() {
        return ++lastRevisionIssued;
    }

    /** Switches to a new version that proved it starts. */
    synchronized void serve(FunctionSpec next, ScalingPolicy nextPolicy, long nextRevision, int nextDesired) {
        spec = next;
        policy = nextPolicy;
        revision = nextRevision;
        lastRevisionIssued = Math.max(lastRevisionIssued, nextRevision);
        setDesired(nextDesired);
        consecutiveFailures = 0;
        retryAt = Instant.MIN;
    }

    synchronized void setDesired(int replicas) {
        if (replicas != desired) {
            desired = replicas;
            lastChange = Instant.now();
        }
    }

    synchronized void markRemoved() {
        removed = true;
    }

    synchronized void startSucceeded() {
        consecutiveFailures = 0;
        retryAt = Instant.MIN;
    }

    /** Backs off 1 s, 2 s, 4 s ... up to 30 s so that a broken version is not restarted in a tight loop. */
    synchronized void startFailed(String reason) {
        lastFailure = reason;
        long delayMs = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(consecutiveFailures, 5));
        consecutiveFailures++;
        retryAt = Instant.now().plusMillis(delayMs);
    }

    synchronized Instant retryAt() {
        return retryAt;
    }

    synchronized String lastFailure() {
        return lastFailure;
    }

    synchronized CompletableFuture<Activation> pendingActivation() {
        return pendingActivation;
    }

    synchronized void pendingActivation(CompletableFuture<Activation> activation) {
        pendingActivation = activation;
    }
}
