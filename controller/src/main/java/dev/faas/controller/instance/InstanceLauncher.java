package dev.faas.controller.instance;

import dev.faas.controller.backend.Backend;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.backend.InstanceSpec;
import dev.faas.controller.events.FunctionEvent;
import dev.faas.controller.events.FunctionEventLog;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.pool.PooledStart;
import dev.faas.controller.pool.RuntimePool;
import dev.faas.controller.secret.FunctionSecrets;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Starts, adopts and stops instances through the backend and keeps their state true: STARTING until the
 * health check answers 200, FAILED when the handler does not load or the process ends unasked.
 */
@Singleton
public class InstanceLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceLauncher.class);

    private final Backend backend;
    private final InstanceRegistry registry;
    private final ReadinessProbe probe;
    private final FunctionSecrets secrets;
    private final FunctionEventLog events;
    private final RuntimePool pool;
    private final Duration stopGrace;

    public InstanceLauncher(Backend backend, InstanceRegistry registry, ReadinessProbe probe, FunctionSecrets secrets,
                            FunctionEventLog events, RuntimePool pool,
                            @Value("${faas.runtime.drain-seconds:10}") int drainSeconds) {
        this.backend = backend;
        this.registry = registry;
        this.probe = probe;
        this.secrets = secrets;
        this.events = events;
        this.pool = pool;
        // The runtime drains for drainSeconds after SIGTERM; give it a little more before SIGKILL.
        this.stopGrace = Duration.ofSeconds(drainSeconds).plusSeconds(2);
    }

    /**
     * Starts an instance of {@code spec} as part of {@code revision}, with the current values of its secrets —
     * specialized from the prewarmed pool when it has one, fresh otherwise; {@code onCrash} is called when it ends
     * without being asked to after it was started.
     */
    public Instance launch(FunctionSpec spec, long revision, Consumer<Instance> onCrash) {
        String id = spec.service() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Instant issued = Instant.now();
        InstanceSpec instanceSpec = new InstanceSpec(id, spec.key(), spec.image(), spec.envProcess(),
                spec.envVars(), spec.limits(), secrets.valuesFor(spec));
        Optional<PooledStart> pooled = pool.acquire(instanceSpec);
        InstanceHandle handle = pooled.map(PooledStart::handle).orElseGet(() -> backend.start(instanceSpec));
        // A runtime being specialized holds the calls it gets until its function is loaded.
        Instance instance = new Instance(handle, revision, issued, pooled.isPresent());
        registry.add(instance);
        events.record(spec.key(), handle.instanceId(), FunctionEvent.STARTED,
                pooled.isPresent() ? "specialized from the prewarmed pool" : null);
        watchExit(instance, onCrash);
        CompletableFuture<StartupTimings> readiness = pooled.map(PooledStart::ready)
                .orElseGet(() -> probe.awaitReady(handle, backend.onExit(handle)));
        readiness.whenComplete((timings, error) -> {
            if (error == null) {
                if (instance.markReady(timings, Instant.now())) {
                    events.record(spec.key(), handle.instanceId(), FunctionEvent.READY, null);
                    LOG.info("instance {} of {} is ready{}", handle.instanceId(), spec.key(),
                            timings.pooled() ? " (specialized from the pool)" : "");
                }
                return;
            }
            String reason = error.getMessage();
            if (instance.markFailed(reason)) {
                // A pooled instance that failed is discarded like a fresh one: it never goes back to the pool.
                events.record(spec.key(), handle.instanceId(), FunctionEvent.FAILED, reason);
                LOG.warn("instance {} of {} failed to start: {}", handle.instanceId(), spec.key(), reason);
                backend.stop(handle, stopGrace);
            }
        });
        return instance;
    }

    /** Takes over an instance left running by an earlier controller; it already answered 200. */
    public Instance adopt(InstanceHandle handle, long revision, Consumer<Instance> onCrash) {
        Instance instance = new Instance(handle, revision, handle.startedAt());
        instance.markReady(StartupTimings.none(), Instant.now());
        registry.add(instance);
        events.record(handle.function(), handle.instanceId(), FunctionEvent.ADOPTED, null);
        watchExit(instance, onCrash);
        LOG.info("adopted instance {} of {} ({})", handle.instanceId(), handle.function(), handle.url());
        return instance;
    }

    /** Stops an instance: SIGTERM so it drains, then SIGKILL after the grace period. */
    public CompletableFuture<Void> stop(Instance instance) {
        instance.markStopRequested();
        return backend.stop(instance.handle(), stopGrace);
    }

    private void watchExit(Instance instance, Consumer<Instance> onCrash) {
        backend.onExit(instance.handle()).thenAccept(exit -> {
            if (!instance.markEnded(exit.reason())) {
                return;
            }
            if (instance.state() == InstanceState.STOPPED) {
                events.record(instance.function(), instance.id(), FunctionEvent.STOPPED, exit.reason());
            } else {
                events.record(instance.function(), instance.id(), FunctionEvent.CRASHED, exit.reason());
                LOG.warn("instance {} of {} {} without being asked to", instance.id(), instance.function(),
                        exit.reason());
                onCrash.accept(instance);
            }
        });
    }
}
