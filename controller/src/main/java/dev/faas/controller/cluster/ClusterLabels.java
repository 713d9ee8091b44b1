package dev.faas.controller.cluster;

import dev.faas.controller.function.FunctionKey;

import java.util.Map;

/** The labels and annotations that mark the cluster objects made for a function. */
public final class ClusterLabels {
    /** Marks every object this platform made. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "faas";
    /** The function's name (the pod selector). */
    public static final String FUNCTION = "faas.dev/function";
    /** The function's namespace as the API knows it ({@code default} for the functions namespace). */
    public static final String NAMESPACE = "faas.dev/namespace";
    /** The function's spec as JSON, so that the cluster holds everything needed to rebuild the controller's view. */
    public static final String SPEC = "faas.dev/spec";

    private ClusterLabels() {
    }

    /** The labels of every object made for the function. */
    public static Map<String, String> of(FunctionKey key) {
        return Map.of(MANAGED_BY, MANAGER, FUNCTION, key.name(), NAMESPACE, key.namespace());
    }

    /** The labels that select the function's pods. */
    public static Map<String, String> selector(FunctionKey key) {
        return Map.of(FUNCTION, key.name());
    }
}
