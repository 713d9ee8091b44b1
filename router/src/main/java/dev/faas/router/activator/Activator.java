package dev.faas.router.activator;

import dev.faas.router.config.RouterSettings;
import dev.faas.router.endpoints.ControllerClient;
import dev.faas.router.endpoints.EndpointCache;
import dev.faas.router.endpoints.FunctionRef;
import dev.faas.router.queue.CallQueues;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds calls to a function that has no ready instance. At most one activation per function is in progress;
 * every held call waits on it, for at most the activation timeout. Held calls count against the function's queue
 * ({@link CallQueues}): past it they are turned away with 429.
 */
@Singleton
public class Activator {
    private final ControllerClient controller;
    private final EndpointCache endpoints;
    private final RouterSettings settings;
    private final CallQueues queues;
    private final Map<FunctionRef, CompletableFuture<Activation>> inProgress = new ConcurrentHashMap<>();

    public Activator(ControllerClient controller, EndpointCache endpoints, RouterSettings settings,
                     CallQueues queues) {
        this.controller = controller;
        this.endpoints = endpoints;
        this.settings = settings;
        this.queues = queues;
    }

    /**
     * Waits until the function has a ready instance, starting an activation unless one is in progress; 429 when
     * {@code queueSize} calls of the function already wait, 503 when the activation ends without an instance.
     */
    public Mono<Activation> await(FunctionRef ref, long arrivedAt, int queueSize) {
        return Mono.defer(() -> {
            queues.hold(ref, queueSize);
            // Unheld as the instance is there, before the call moves on to the queue, where it must not count twice.
            AtomicBoolean holding = new AtomicBoolean(true);
            Runnable unhold = () -> {
                if (holding.compareAndSet(true, false)) {
                    queues.unhold(ref);
                }
            };
            CompletableFuture<Activation> activation = inProgress.computeIfAbsent(ref, r -> start(r, arrivedAt));
            // Done (either way): the next call that finds no instance starts a fresh activation. Registered
            // outside computeIfAbsent so that an activation failing at once is removed too.
            activation.whenComplete((result, error) -> inProgress.remove(ref, activation));
            // Each waiter gets its own dependent future: one giving up (timeout, caller gone) cancels only that.
            return Mono.fromFuture(activation.thenApply(result -> result))
                    .timeout(settings.activationTimeout(), Mono.error(() -> ControllerClient.noInstance(ref,
                            settings.activationTimeout(), "the controller did not report a ready instance in time")))
                    .flatMap(ready -> ready.endpoints().endpoints().isEmpty()
                            ? Mono.error(ControllerClient.noInstance(ref, settings.activationTimeout(),
                                    "the controller answered the activation without an instance"))
                            : Mono.just(ready))
                    .doOnNext(ready -> unhold.run())
                    .doFinally(signal -> unhold.run());
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
