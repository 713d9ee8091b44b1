package dev.faas.controller.runtime;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the control API asks of the part that runs functions: apply a spec, scale, remove, report, and stream
 * logs. Implemented by the reconciler on top of a {@code Backend}; the API knows no backend.
 */
public interface FunctionRuntime {

    /**
     * Rolls out a spec: starts an instance of the new version and, once it is ready, drains and stops the
     * instances of the previous version. Completes exceptionally (with {@link DeployFailedException}) when the
     * new version does not become ready; the previous version then keeps serving.
     */
    CompletableFuture<Void> deploy(FunctionSpec spec);

    /** Stops every instance of the function (draining in-flight calls) and forgets it. */
    CompletableFuture<Void> remove(FunctionKey key);

    /** Sets the desired replica count now; the autoscaler may change it later within the function's bounds. */
    void scale(FunctionKey key, int replicas);

    /** Replicas, instances, invocation count and cold-start statistics of a function. */
    RuntimeStatus status(FunctionKey key);

    /**
     * Streams log lines of the function's instances, oldest first: at most {@code tail} lines (all when
     * negative) not older than {@code since} (any when null); with {@code follow}, keeps streaming new lines
     * until the returned handle is closed.
     */
    AutoCloseable logs(FunctionKey key, int tail, Instant since, boolean follow, Consumer<LogLine> sink,
                       Runnable onEnd);
}
