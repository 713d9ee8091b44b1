package dev.faas.controller.cluster;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.runtime.Endpoint;
import dev.faas.controller.runtime.LogLine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A replica-oriented backend: the cluster runs replicas of a function from objects this backend applies, and
 * reports which are ready. Implemented by {@code kubernetes} (Deployment + Service, EndpointSlices) and
 * {@code knative} (Knative Service); the {@link ClusterReconciler} drives either. Requests the API server refuses
 * throw {@link ClusterRequestFailedException}.
 */
public interface ClusterBackend {

    /** Refuses, before anything reaches the cluster, a spec the cluster would reject (saying what to change). */
    void validate(FunctionSpec spec);

    /** Creates or updates the function's objects with {@code replicas} desired replicas and its secrets' values. */
    void apply(FunctionSpec spec, int replicas, Map<String, byte[]> secrets);

    /** Sets the desired replicas (knative: the minimum scale, since Knative scales by itself). */
    void scale(FunctionKey key, int replicas);

    /** Removes every object made for the function. */
    void delete(FunctionKey key);

    /** The function as its objects describe it, when they exist. */
    Optional<ClusterFunction> find(FunctionKey key);

    /** Every function whose objects exist in the served namespaces. */
    List<ClusterFunction> discover();

    /** The ready replicas a router may call now. */
    List<Endpoint> readyEndpoints(FunctionKey key);

    /** Calls {@code listener} whenever a function's ready replicas may have changed. */
    void onEndpointsChanged(Consumer<FunctionKey> listener);

    /** Whether the platform scales the function itself (then the controller's autoscaler leaves it alone). */
    boolean scalesItself();

    /**
     * Calls {@code listener} for each scale-up from zero the platform made by itself, so that it is recorded as a
     * cold start; a backend the controller wakes itself (through an activation) has none to report.
     */
    default void onPlatformWake(Consumer<PlatformWake> listener) {
    }

    /** The last {@code tail} lines (all when negative) of each of the function's replicas' output. */
    List<LogLine> logs(FunctionKey key, int tail);

    /** Streams each replica's last {@code tail} lines and what it writes next, until closed ({@code onEnd} once). */
    AutoCloseable followLogs(FunctionKey key, int tail, Consumer<LogLine> sink, Runnable onEnd);
}
