package dev.faas.controller.backend;

import dev.faas.controller.logs.InstanceLog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one seam between the controller and whatever runs instances (child processes, Docker containers, Kubernetes
 * later). Everything above it speaks only in {@link InstanceSpec}s and {@link InstanceHandle}s.
 */
public interface Backend {

    /**
     * Checks that this backend can run the image at all, before anything is started.
     *
     * @throws dev.faas.controller.function.InvalidFunctionException when it cannot, saying what to do instead
     */
    void requireRunnable(String image);

    /** Starts an instance; returns once it was launched (not when it is ready). */
    InstanceHandle start(InstanceSpec spec);

    /** Completes when the instance ends, however it ends. */
    CompletableFuture<InstanceExit> onExit(InstanceHandle instance);

    /** Asks the instance to stop (it drains in-flight calls), and kills it after the grace period. */
    CompletableFuture<Void> stop(InstanceHandle instance, Duration grace);

    /** Instances still running from an earlier controller life, for the reconciler to adopt or stop. */
    List<InstanceHandle> discover();

    /** A reader of the instance's output (its recent lines, then what it writes next). */
    InstanceLog logs(InstanceHandle instance);

    // ---- prewarmed pools (package pool); a backend without them keeps these defaults ----

    /** Whether this backend can run generic runtime-java instances for a prewarmed pool. */
    default boolean supportsPools() {
        return false;
    }

    /**
     * Starts a generic runtime-java instance (no function) under {@link GenericInstances#POOL_KEY}; it accepts one
     * {@code POST /_/specialize} authorized with {@code token}. Returns once launched, like {@link #start}.
     */
    default InstanceHandle startGeneric(String instanceId, String token) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no prewarmed pool");
    }

    /** Called when a generic instance is ready and waits in the pool; a backend may freeze it (docker pause). */
    default void park(InstanceHandle generic) {
    }

    /**
     * The handle a ready generic instance takes as an instance of {@code spec}'s function (same instance id, same
     * address), or empty when this backend cannot serve that spec from a generic instance (then the instance is
     * untouched and a fresh one is started instead). Decides only: a cold start is answered on it, before
     * {@link #deliverSpecialization} has run.
     */
    default Optional<InstanceHandle> specializedHandle(InstanceHandle generic, InstanceSpec spec) {
        return Optional.empty();
    }

    /**
     * Hands a generic instance to its function ({@code specialized}, from {@link #specializedHandle}): delivers the
     * artifact and secrets where the instance can read them and records it as the function's. Returns the
     * environment to specialize it with: the variables a fresh instance of the function would have been started
     * with (secrets as a directory, never values). The instance may already hold calls while this runs.
     */
    default Map<String, String> deliverSpecialization(InstanceHandle specialized, InstanceSpec spec) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no prewarmed pool");
    }

    /** The instance's resident memory in bytes, or -1 when this backend cannot tell. */
    default long residentBytes(InstanceHandle instance) {
        return -1;
    }
}
