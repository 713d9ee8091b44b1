package dev.faas.router.activator;

import dev.faas.router.config.RouterSettings;
import dev.faas.router.endpoints.ControllerClient;
import dev.faas.router.endpoints.EndpointCache;
import dev.faas.router.endpoints.FunctionRef;
import dev.faas.router.error.RouterException;
import dev.faas.router.metrics.RouterMetrics;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds calls to a function that has no ready instance. At most one activation per function is in progress;
 * every held call waits on it, for at most the activation timeout, and at most {@code maxHeldRequests} wait.
 */
@Singleton
public class Activator {
    private final ControllerClient controller;
    private final EndpointCache endpoints;
    private final RouterSettings settings;
    private final RouterMetrics metrics;
    private final Map<FunctionRef, CompletableFuture<Activation>> inProgress = new ConcurrentHashMap<>();
    private final Map<FunctionRef, AtomicInteger> held = new ConcurrentHashMap<>();

    public Activator(ControllerClient controller, EndpointCache endpoints, RouterSettings settings,
                     RouterMetrics metrics) {
        this.controller = controller;
        this.endpoints = endpoints;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Waits until the function has a ready instance, starting an activation unless one is in progress. */
    public Mono<Activation> await(FunctionRef ref, long arrivedAt) {
        return Mono.defer(() -> {
            AtomicInteger waiting = held.computeIfAbsent(ref, r -> metrics.heldGauge(r, new AtomicInteger()));
            if (waiting.incrementAndGet() > settings.maxHeldRequests()) {
                waiting.decrementAndGet();
                return Mono.error(new RouterException(HttpStatus.SERVICE_UNAVAILABLE, settings.maxHeldRequests()
                        + " calls are already waiting for '" + ref.name() + "' to start; try again shortly"));
            }
            CompletableFuture<Activation> activation = inProgress.computeIfAbsent(ref, r -> start(r, arrivedAt));
            // Done (either way): the next call that finds no instance starts a fresh activation. Registered
            // outside computeIfAbsent so that an activation failing at once is removed too.
            activation.whenComplete((result, error) -> inProgress.remove(ref, activation));
            // Each waiter gets its own dependent future: one giving up (timeout, caller gone) cancels only that.
            return Mono.fromFuture(activation.thenApply(result -> result))
                    .timeout(settings.activationTimeout(), Mono.error(() -> ControllerClient.noInstance(ref,
                            settings.activationTimeout(), "the controller did not report a ready instance in time")))
                    .doFinally(signal -> waiting.decrementAndGet());
        });
    }

    private CompletableFuture<Activation> start(FunctionRef ref, long arrivedAt) {
        return controller.activate(ref, arrivedAt)
                .map(answer -> {
                    endpoints.put(ref, answer.endpoints());
                    return new Activation(answer.endpoints(), answer.coldStartId());
                })
                .toFuture();
    }
}
