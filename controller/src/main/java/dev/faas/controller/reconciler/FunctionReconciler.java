package dev.faas.controller.reconciler;

import dev.faas.controller.autoscaler.ScalingPolicy;
import dev.faas.controller.autoscaler.TrafficLedger;
import dev.faas.controller.backend.Backend;
import dev.faas.controller.coldstart.ColdStartRecorder;
import dev.faas.controller.events.FunctionEvent;
import dev.faas.controller.events.FunctionEventLog;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionNotFoundException;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;
import dev.faas.controller.instance.Instance;
import dev.faas.controller.instance.InstanceLauncher;
import dev.faas.controller.instance.InstanceRegistry;
import dev.faas.controller.instance.InstanceStartFailedException;
import dev.faas.controller.instance.InstanceState;
import dev.faas.controller.logs.FunctionLogStreamer;
import dev.faas.controller.metrics.ReplicaGauges;
import dev.faas.controller.runtime.Activation;
import dev.faas.controller.runtime.DeployFailedException;
import dev.faas.controller.runtime.Endpoint;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.runtime.LogLine;
import dev.faas.controller.runtime.ReplicaControl;
import dev.faas.controller.runtime.RuntimeStatus;
import dev.faas.controller.runtime.ScaleTarget;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Keeps the instances of every function in line with its spec and desired replica count: rollouts that
 * prove the new version starts before the old one goes, replacement of crashed instances, scale up and
 * drained scale down, and waking functions that are at zero. This is how instance-oriented backends (process,
 * docker) satisfy the replica-oriented {@link ReplicaControl}.
 */
@Singleton
@Requires(bean = Backend.class)
public class FunctionReconciler implements FunctionRuntime, ReplicaControl {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionReconciler.class);

    private final Backend backend;
    private final InstanceLauncher launcher;
    private final InstanceRegistry registry;
    private final InstanceDrainer drainer;
    private final TrafficLedger traffic;
    private final ColdStartRecorder coldStarts;
    private final ReplicaGauges gauges;
    private final FunctionLogStreamer logStreamer;
    private final FunctionEventLog events;
    private final Duration defaultIdle;
    private final Duration startTimeout;
    private final boolean stopInstancesOnShutdown;
    private final Map<FunctionKey, ManagedFunction> functions = new ConcurrentHashMap<>();
    private final ExecutorService rollouts = Executors.newCachedThreadPool(daemon("faas-rollout"));
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(daemon("faas-retry"));
    private volatile boolean shuttingDown;

    public FunctionReconciler(Backend backend, InstanceLauncher launcher, InstanceRegistry registry,
                              InstanceDrainer drainer, TrafficLedger traffic, ColdStartRecorder coldStarts,
                              ReplicaGauges gauges, FunctionLogStreamer logStreamer, FunctionEventLog events,
                              @Value("${faas.autoscaler.idle-timeout:5m}") Duration defaultIdle,
                              @Value("${faas.runtime.start-timeout:60s}") Duration startTimeout,
                              @Value("${faas.runtime.stop-instances-on-shutdown:true}") boolean stopInstancesOnShutdown) {
        this.backend = backend;
        this.launcher = launcher;
        this.registry = registry;
        this.drainer = drainer;
        this.traffic = traffic;
        this.coldStarts = coldStarts;
        this.gauges = gauges;
        this.logStreamer = logStreamer;
        this.events = events;
        this.defaultIdle = defaultIdle;
        this.startTimeout = startTimeout;
        this.stopInstancesOnShutdown = stopInstancesOnShutdown;
    }

    // ---- FunctionRuntime ----

    @Override
    public CompletableFuture<Void> deploy(FunctionSpec spec) {
        ScalingPolicy policy = ScalingPolicy.of(spec, defaultIdle);
        backend.requireRunnable(spec.image());
        return CompletableFuture.runAsync(() -> rollout(spec, policy), rollouts);
    }

    @Override
    public CompletableFuture<Void> remove(FunctionKey key) {
        ManagedFunction f = functions.remove(key);
        if (f != null) {
            f.markRemoved();
        }
        List<CompletableFuture<Void>> stops = registry.running(key).stream().map(launcher::stop).toList();
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).whenComplete((x, e) -> {
            registry.forget(key);
            traffic.forget(key);
            coldStarts.forget(key);
            gauges.remove(key);
            events.forget(key);
        });
    }

    @Override
    public void scale(FunctionKey key, int replicas) {
        if (replicas < 0) {
            throw new InvalidFunctionException("replicas must be 0 or more, not " + replicas);
        }
        ManagedFunction f = managed(key);
        f.setDesired(Math.min(replicas, f.policy().max()));
        traffic.touch(key, Instant.now());
        converge(f);
    }

    @Override
    public RuntimeStatus status(FunctionKey key) {
        ManagedFunction f = functions.get(key);
        List<RuntimeStatus.InstanceView> instances = registry.instances(key).stream()
                .map(i -> new RuntimeStatus.InstanceView(i.id(), i.state().name(), i.handle().url().toString(),
                        i.handle().startedAt(), i.handle().image(), i.failure()))
                .toList();
        return new RuntimeStatus(f == null ? 0 : f.desired(), available(key),
                traffic.traffic(key, Instant.now()).totalRequests(), instances, coldStarts.summary(key),
                events.recent(key));
    }

    @Override
    public AutoCloseable logs(FunctionKey key, int tail, Instant since, boolean follow, Consumer<LogLine> sink,
                              Runnable onEnd) {
        return logStreamer.stream(key, () -> registry.instances(key).stream().map(Instance::handle).toList(),
                tail, since, follow, sink, onEnd);
    }

    // ---- used by the activator and the autoscaler ----

    /** The functions being served now. */
    public Collection<ManagedFunction> functions() {
        return List.copyOf(functions.values());
    }

    /** The ready instances of the current version. */
    private List<Instance> readyInstances(FunctionKey key) {
        ManagedFunction f = managed(key);
        return registry.ready(key).stream().filter(i -> i.revision() == f.revision()).toList();
    }

    /** The instances of the current version that routers may call: ready, or holding calls while they load. */
    private List<Instance> endpoints(FunctionKey key) {
        ManagedFunction f = managed(key);
        return registry.acceptingCalls(key).stream().filter(i -> i.revision() == f.revision()).toList();
    }

    @Override
    public List<ScaleTarget> scaleTargets() {
        return functions.values().stream().filter(f -> f.policy() != null)
                .map(f -> new ScaleTarget(f.key(), f.policy(), f.desired(), f.lastChange())).toList();
    }

    @Override
    public void autoscale(ScaleTarget seen, int replicas) {
        ManagedFunction f = functions.get(seen.key());
        if (f == null) {
            return;
        }
        synchronized (f) {
            if (f.desired() == seen.desired() && f.lastChange().equals(seen.lastChange())) {
                autoscale(f, replicas);
            }
        }
    }

    @Override
    public List<Endpoint> callableEndpoints(FunctionKey key) {
        return endpoints(key).stream()
                .map(i -> new Endpoint(i.id(), i.handle().url(), i.state() == InstanceState.STARTING))
                .toList();
    }

    /** The spec the function is served with now. */
    @Override
    public FunctionSpec specOf(FunctionKey key) {
        return managed(key).spec();
    }

    /**
     * Makes sure an instance is ready: at once when one is, otherwise by scaling up from zero (one start per
     * function however many callers wait) and recording the cold start.
     */
    @Override
    public CompletableFuture<Activation> activate(FunctionKey key, long requestArrived) {
        ManagedFunction f = managed(key);
        traffic.touch(key, Instant.now());
        if (!endpoints(key).isEmpty()) {
            return CompletableFuture.completedFuture(new Activation(null));
        }
        synchronized (f) {
            CompletableFuture<Activation> pending = f.pendingActivation();
            if (pending != null && !pending.isDone()) {
                return pending;
            }
            if (f.desired() == 0) {
                f.setDesired(1);
            }
            converge(f);
            Optional<Instance> starting = live(f).stream()
                    .filter(i -> i.state() == InstanceState.STARTING)
                    .min(Comparator.comparing(Instance::startIssuedAt));
            if (starting.isEmpty()) {
                if (!endpoints(key).isEmpty()) {
                    return CompletableFuture.completedFuture(new Activation(null));
                }
                return CompletableFuture.failedFuture(new InstanceStartFailedException(
                        "it keeps failing to start (" + Optional.ofNullable(f.lastFailure()).orElse("no reason known")
                                + "); the next attempt is at " + f.retryAt()));
            }
            Instance instance = starting.get();
            String coldStartId = coldStarts.begin(key, requestArrived, instance.startIssuedAt().toEpochMilli());
            instance.ready().whenComplete((ready, error) -> {
                if (error != null) {
                    coldStarts.abandon(coldStartId);
                } else {
                    coldStarts.ready(coldStartId, ready.handle().startedAt().toEpochMilli(), ready.timings(),
                            ready.readyAt().toEpochMilli());
                }
            });
            // A pooled instance being specialized takes the waiting calls now and holds them while it loads: the
            // router's answer and its connection then travel during the load instead of after it.
            instance.openEarly();
            CompletableFuture<Activation> activation = instance.takesCalls().handle((ready, error) -> {
                if (error != null) {
                    throw new CompletionException(unwrap(error));
                }
                // The waiting calls start now; the idle period counts from here, not from the wake-up request.
                traffic.touch(key, Instant.now());
                return new Activation(coldStartId);
            });
            f.pendingActivation(activation);
            return activation;
        }
    }

    /** Sets a new desired count chosen by the autoscaler and acts on it. */
    public void autoscale(ManagedFunction f, int replicas) {
        if (replicas != f.desired()) {
            LOG.info("scaling {} from {} to {} replicas", f.key(), f.desired(), replicas);
            f.setDesired(replicas);
        }
        converge(f);
    }

    /** Ready instances of the function's current version. */
    public int available(FunctionKey key) {
        return functions.containsKey(key) ? readyInstances(key).size() : 0;
    }

    // ---- restart reconciliation ----

    /**
     * Takes up specs after a (re)start: adopts running instances of each function's current image that answer
     * health 200, stops every other discovered instance so that none leaks, then brings functions to their
     * minimum.
     */
    public void reconcileAtStartup(List<FunctionSpec> specs, List<Adoptable> discovered) {
        List<Adoptable> unclaimed = new ArrayList<>(discovered);
        for (FunctionSpec spec : specs) {
            ScalingPolicy policy;
            try {
                policy = ScalingPolicy.of(spec, defaultIdle);
            } catch (InvalidFunctionException e) {
                LOG.warn("function {} has invalid scaling labels ({}); using the defaults", spec.key(), e.getMessage());
                policy = ScalingPolicy.defaults(defaultIdle);
            }
            ManagedFunction f = track(spec.key());
            long revision = f.issueRevision();
            int adopted = 0;
            for (Adoptable candidate : List.copyOf(unclaimed)) {
                if (candidate.handle().function().equals(spec.key()) && candidate.handle().image().equals(spec.image())
                        && candidate.healthy()) {
                    launcher.adopt(candidate.handle(), revision, this::onCrash);
                    unclaimed.remove(candidate);
                    adopted++;
                }
            }
            f.serve(spec, policy, revision, Math.max(adopted, policy.min()));
            traffic.touch(spec.key(), Instant.now());
        }
        for (Adoptable orphan : unclaimed) {
            LOG.info("stopping instance {} left from an earlier run ({}): no current version of {} uses it",
                    orphan.handle().instanceId(), orphan.healthy() ? "healthy" : "unhealthy", orphan.handle().function());
            backend.stop(orphan.handle(), Duration.ofSeconds(5));
        }
        functions.values().forEach(this::converge);
    }

    /** A discovered instance and whether it answered its health check. */
    public record Adoptable(dev.faas.controller.backend.InstanceHandle handle, boolean healthy) {
    }

    // ---- internals ----

    private void rollout(FunctionSpec spec, ScalingPolicy policy) {
        ManagedFunction f = track(spec.key());
        synchronized (f.rolloutLock) {
            boolean hadVersion = f.isServing();
            long revision = f.issueRevision();
            Instance candidate;
            try {
                candidate = launcher.launch(spec, revision, this::onCrash);
            } catch (RuntimeException e) {
                throw failedRollout(f, spec, hadVersion, e.getMessage());
            }
            try {
                candidate.ready().get(startTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                launcher.stop(candidate);
                throw failedRollout(f, spec, hadVersion, unwrap(e).getMessage());
            } catch (TimeoutException e) {
                launcher.stop(candidate);
                throw failedRollout(f, spec, hadVersion, "it was not ready within " + startTimeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                launcher.stop(candidate);
                throw failedRollout(f, spec, hadVersion, "the controller is shutting down");
            }
            if (functions.get(spec.key()) != f) {
                launcher.stop(candidate); // removed while its new version was starting
                throw new DeployFailedException("function '" + spec.service() + "' was removed while its new version was starting");
            }
            int desired = Math.min(policy.max(), Math.max(f.desired(), policy.busyFloor()));
            f.serve(spec, policy, revision, desired);
            traffic.touch(spec.key(), Instant.now());
            LOG.info("{} now serves {} (revision {})", spec.key(), spec.image(), revision);
            registry.running(spec.key()).stream().filter(i -> i.revision() != revision).forEach(drainer::drain);
            converge(f);
        }
    }

    private DeployFailedException failedRollout(ManagedFunction f, FunctionSpec spec, boolean hadVersion, String reason) {
        if (!hadVersion) {
            functions.remove(spec.key(), f);
            gauges.remove(spec.key());
        }
        return new DeployFailedException("new version of '" + spec.service() + "' failed to start: " + reason
                + (hadVersion ? "; the previous version keeps serving" : ""));
    }

    private ManagedFunction track(FunctionKey key) {
        return functions.computeIfAbsent(key, k -> {
            ManagedFunction f = new ManagedFunction(k);
            gauges.register(k, f::desired, () -> available(k));
            return f;
        });
    }

    private ManagedFunction managed(FunctionKey key) {
        ManagedFunction f = functions.get(key);
        if (f == null || !f.isServing()) {
            throw new FunctionNotFoundException(key);
        }
        return f;
    }

    private List<Instance> live(ManagedFunction f) {
        return registry.running(f.key()).stream()
                .filter(i -> i.revision() == f.revision() && i.state().isLive())
                .toList();
    }

    /** Starts or drains instances of the current version until their count matches the desired count. */
    void converge(ManagedFunction f) {
        if (shuttingDown) {
            return;
        }
        synchronized (f) {
            if (!f.isServing() || functions.get(f.key()) != f) {
                return;
            }
            List<Instance> live = live(f);
            int missing = f.desired() - live.size();
            if (missing > 0) {
                Instant retryAt = f.retryAt();
                if (retryAt.isAfter(Instant.now())) {
                    long delay = Duration.between(Instant.now(), retryAt).toMillis() + 1;
                    retries.schedule(() -> converge(f), delay, TimeUnit.MILLISECONDS);
                    return;
                }
                for (int n = 0; n < missing; n++) {
                    if (!startReplica(f)) {
                        break;
                    }
                }
            } else if (missing < 0) {
                live.stream()
                        .sorted(Comparator.comparing((Instance i) -> i.state() == InstanceState.READY)
                                .thenComparing(i -> traffic.instanceInFlight(f.key(), i.id(), Instant.now())))
                        .limit(-missing)
                        .forEach(drainer::drain);
            }
        }
    }

    private boolean startReplica(ManagedFunction f) {
        Instance instance;
        try {
            instance = launcher.launch(f.spec(), f.revision(), this::onCrash);
        } catch (RuntimeException e) {
            LOG.warn("could not start an instance of {}: {}", f.key(), e.getMessage());
            f.startFailed(e.getMessage());
            retries.schedule(() -> converge(f), 1, TimeUnit.SECONDS);
            return false;
        }
        instance.ready().whenComplete((ready, error) -> {
            if (error == null) {
                f.startSucceeded();
            } else if (instance.state() == InstanceState.FAILED) {
                f.startFailed(instance.failure());
                converge(f);
            }
        });
        return true;
    }

    private void onCrash(Instance instance) {
        ManagedFunction f = functions.get(instance.function());
        if (f != null && !shuttingDown) {
            events.record(instance.function(), instance.id(), FunctionEvent.REPLACED,
                    "a new instance is started in its place");
            retries.execute(() -> converge(f));
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** On a graceful shutdown, stops every instance (SIGTERM lets them drain) unless configured to leave them. */
    @PreDestroy
    void shutdown() {
        shuttingDown = true;
        retries.shutdownNow();
        rollouts.shutdownNow();
        if (!stopInstancesOnShutdown) {
            LOG.info("leaving {} instances running for the next controller to adopt", registry.allRunning().size());
            return;
        }
        List<CompletableFuture<Void>> stops = registry.allRunning().stream().map(launcher::stop).toList();
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("not every instance stopped in time: {}", e.getMessage());
        }
    }
}
