package dev.faas.controller.runtime;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The replica-oriented side of a {@link FunctionRuntime}, which the activator and the autoscaler drive: desired
 * replicas, ready endpoints, waking from zero. Implemented over instance-oriented backends (process, docker) by
 * the instance reconciler, and over cluster backends (kubernetes, knative) by the cluster reconciler; neither the
 * activator, the autoscaler nor the router knows which.
 */
public interface ReplicaControl {

    /** The functions this runtime lets the controller's autoscaler scale (a self-scaling platform has none). */
    List<ScaleTarget> scaleTargets();

    /**
     * Sets the desired replica count the autoscaler chose from {@code seen} and acts on it, unless the function's
     * desired count changed since {@code seen} was taken (a wake-up, a user's scale): the next pass decides again.
     */
    void autoscale(ScaleTarget seen, int replicas);

    /**
     * The replicas of the function's current version that routers may call: the ready ones, and any that hold calls
     * while their function loads (a pooled instance being specialized).
     */
    List<Endpoint> callableEndpoints(FunctionKey key);

    /** The spec the function is served with now. */
    FunctionSpec specOf(FunctionKey key);

    /**
     * Completes once a replica is ready: at once when one is, otherwise after scaling up from zero (one scale-up
     * however many callers wait), recording the cold start.
     */
    CompletableFuture<Activation> activate(FunctionKey key, long requestArrived);
}
