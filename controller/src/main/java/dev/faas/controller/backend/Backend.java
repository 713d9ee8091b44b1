package dev.faas.controller.backend;

import dev.faas.controller.logs.InstanceLog;

import java.time.Duration;
import java.util.List;
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
}
