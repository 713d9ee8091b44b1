package dev.faas.controller.cluster;

import dev.faas.controller.autoscaler.ScalingPolicy;
import dev.faas.controller.autoscaler.TrafficLedger;
import dev.faas.controller.coldstart.ColdStartRecorder;
import dev.faas.controller.events.FunctionEvent;
import dev.faas.controller.events.FunctionEventLog;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionNotFoundException;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;
import dev.faas.controller.instance.StartupTimings;
import dev.faas.controller.metrics.ReplicaGauges;
import dev.faas.controller.runtime.Activation;
import dev.faas.controller.runtime.Endpoint;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.runtime.LogLine;
import dev.faas.controller.runtime.ReplicaControl;
import dev.faas.controller.runtime.RuntimeStatus;
import dev.faas.controller.runtime.ScaleTarget;
import dev.faas.controller.secret.FunctionSecrets;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The function runtime on a cluster backend: applies specs as cluster objects, sets desired replicas for the
 * autoscaler and the activator, learns ready replicas from the backend's watch, and rebuilds its view from the
 * cluster's objects at start-up (in this mode they are the source of truth). The cluster's own controllers start,
 * replace and roll out pods, so nothing here manages single instances.
 */
@Singleton
@Requires(bean = ClusterBackend.class)
public class ClusterReconciler implements FunctionRuntime, ReplicaControl, ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterReconciler.class);

    private final ClusterBackend backend;
    private final FunctionSecrets secrets;
    private final TrafficLedger traffic;
    private final ColdStartRecorder coldStarts;
    private final ReplicaGauges gauges;
    private final FunctionEventLog events;
    private final Duration defaultIdle;
    private final Map<FunctionKey, TrackedFunction> functions = new ConcurrentHashMap<>();
    private final Map<FunctionKey, Set<String>> lastSeen = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faas-cluster");
        t.setDaemon(true);
        return t;
    });

    public ClusterReconciler(ClusterBackend backend, FunctionSecrets secrets, TrafficLedger traffic,
                             ColdStartRecorder coldStarts, ReplicaGauges gauges, FunctionEventLog events,
                             @Value("${faas.autoscaler.idle-timeout:5m}") Duration defaultIdle) {
        this.backend = backend;
        this.secrets = secrets;
        this.traffic = traffic;
        this.coldStarts = coldStarts;
        this.gauges = gauges;
        this.events = events;
        this.defaultIdle = defaultIdle;
    }

    /** Rebuilds the view from the cluster's objects, then follows their ready replicas. */
    @Override
    public void onApplicationEvent(StartupEvent event) {
        List<ClusterFunction> found = backend.discover();
        for (ClusterFunction cf : found) {
            FunctionSpec spec = cf.spec();
            ScalingPolicy policy;
            try {
                policy = ScalingPolicy.of(spec, defaultIdle);
            } catch (InvalidFunctionException e) {
                LOG.warn("function {} has invalid scaling labels ({}); using the defaults", spec.key(), e.getMessage());
                policy = ScalingPolicy.defaults(defaultIdle);
            }
            track(spec.key()).serve(spec, policy, cf.replicas());
            traffic.touch(spec.key(), Instant.now());
        }
        if (!found.isEmpty()) {
            LOG.info("found {} functions in the cluster", found.size());
        }
        backend.onEndpointsChanged(this::endpointsChanged);
        backend.onPlatformWake(this::platformWoke);
    }

    // ---- FunctionRuntime ----

    @Override
    public CompletableFuture<Void> deploy(FunctionSpec spec) {
        // Everything that can be refused is refused here, before the cluster hears of it.
        ScalingPolicy policy = ScalingPolicy.of(spec, defaultIdle);
        backend.validate(spec);
        Map<String, byte[]> values = secrets.valuesFor(spec);
        return CompletableFuture.runAsync(() -> {
            TrackedFunction existing = functions.get(spec.key());
            int replicas = existing == null || existing.spec() == null
                    ? Math.max(1, policy.min())
                    : Math.min(policy.max(), Math.max(existing.desired(), policy.min()));
            backend.apply(spec, replicas, values);
            track(spec.key()).serve(spec, policy, replicas);
            traffic.touch(spec.key(), Instant.now());
            LOG.info("{} applied to the cluster: image {}, {} replicas", spec.key(), spec.image(), replicas);
        }, calls);
    }

    @Override
    public CompletableFuture<Void> remove(FunctionKey key) {
        return CompletableFuture.runAsync(() -> {
            backend.delete(key);
            TrackedFunction f = functions.remove(key);
            if (f != null && f.pendingActivation() != null) {
                f.pendingActivation().completeExceptionally(new FunctionNotFoundException(key));
            }
            lastSeen.remove(key);
            traffic.forget(key);
            coldStarts.forget(key);
            gauges.remove(key);
            events.forget(key);
        }, calls);
    }

    @Override
    public void scale(FunctionKey key, int replicas) {
        if (replicas < 0) {
            throw new InvalidFunctionException("replicas must be 0 or more, not " + replicas);
        }
        TrackedFunction f = managed(key);
        int bounded = Math.min(replicas, f.policy().max());
        synchronized (f) {
            backend.scale(key, bounded);
            f.setDesired(bounded);
        }
        traffic.touch(key, Instant.now());
    }

    @Override
    public RuntimeStatus status(FunctionKey key) {
        TrackedFunction f = functions.get(key);
        List<Endpoint> ready = f == null ? List.of() : callableEndpoints(key);
        String version = f == null || f.spec() == null ? null : f.spec().image();
        List<RuntimeStatus.InstanceView> instances = ready.stream()
                .map(e -> new RuntimeStatus.InstanceView(e.id(), "READY", e.url().toString(), null, version, null))
                .toList();
        return new RuntimeStatus(f == null ? 0 : f.desired(), ready.size(),
                traffic.traffic(key, Instant.now()).totalRequests(), instances, coldStarts.summary(key),
                events.recent(key));
    }

    /** The replicas' recent lines (oldest first), or with {@code follow} the streams of the replicas there are now. */
    @Override
    public AutoCloseable logs(FunctionKey key, int tail, Instant since, boolean follow, Consumer<LogLine> sink,
                              Runnable onEnd) {
        managed(key);
        if (follow) {
            return backend.followLogs(key, tail, l -> {
                if (since == null || !l.timestamp().isBefore(since)) {
                    sink.accept(l);
                }
            }, onEnd);
        }
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> backend.logs(key, tail).stream()
                .filter(l -> since == null || !l.timestamp().isBefore(since))
                .forEach(sink), calls);
        reading.whenComplete((x, e) -> {
            if (e != null) {
                LOG.warn("reading the logs of {} failed: {}", key, e.getMessage());
            }
            onEnd.run();
        });
        return () -> reading.cancel(true);
    }

    // ---- ReplicaControl ----

    @Override
    public List<ScaleTarget> scaleTargets() {
        if (backend.scalesItself()) {
            return List.of();
        }
        return functions.values().stream().filter(f -> f.policy() != null)
                .map(f -> new ScaleTarget(f.key(), f.policy(), f.desired(), f.lastChange())).toList();
    }

    @Override
    public void autoscale(ScaleTarget seen, int replicas) {
        TrackedFunction f = functions.get(seen.key());
        if (f == null || backend.scalesItself()) {
            return;
        }
        synchronized (f) {
            if (f.desired() == replicas || f.desired() != seen.desired() || !f.lastChange().equals(seen.lastChange())) {
                return; // nothing to do, or changed since the autoscaler looked
            }
            LOG.info("scaling {} from {} to {} replicas", seen.key(), f.desired(), replicas);
            backend.scale(seen.key(), replicas);
            f.setDesired(replicas);
        }
    }

    @Override
    public List<Endpoint> callableEndpoints(FunctionKey key) {
        managed(key);
        return backend.readyEndpoints(key);
    }

    @Override
    public FunctionSpec specOf(FunctionKey key) {
        return managed(key).spec();
    }

    @Override
    public CompletableFuture<Activation> activate(FunctionKey key, long requestArrived) {
        TrackedFunction f = managed(key);
        traffic.touch(key, Instant.now());
        if (!callableEndpoints(key).isEmpty()) {
            return CompletableFuture.completedFuture(new Activation(null));
        }
        CompletableFuture<Activation> activation;
        synchronized (f) {
            CompletableFuture<Activation> pending = f.pendingActivation();
            if (pending != null && !pending.isDone()) {
                return pending;
            }
            long issued = System.currentTimeMillis();
            if (!backend.scalesItself() && f.desired() == 0) {
                try {
                    backend.scale(key, 1);
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
                f.setDesired(1);
                LOG.info("scaling {} from 0 to 1 replica for a waiting call", key);
            }
            activation = new CompletableFuture<>();
            f.pending(activation, coldStarts.begin(key, requestArrived, issued));
        }
        endpointsChanged(key); // a replica may have become ready in between
        return activation;
    }

    // ---- internals ----

    /** Completes a pending wake-up once a replica is ready, and records replicas that came and went. */
    private void endpointsChanged(FunctionKey key) {
        TrackedFunction f = functions.get(key);
        if (f == null) {
            return;
        }
        List<Endpoint> ready = backend.readyEndpoints(key);
        Set<String> now = new HashSet<>();
        ready.forEach(e -> now.add(e.id()));
        Set<String> before = lastSeen.getOrDefault(key, Set.of());
        now.stream().filter(id -> !before.contains(id)).forEach(id -> events.record(key, id, FunctionEvent.READY, null));
        before.stream().filter(id -> !now.contains(id))
                .forEach(id -> events.record(key, id, FunctionEvent.STOPPED, "no longer a ready endpoint"));
        lastSeen.put(key, now);
        if (ready.isEmpty()) {
            return;
        }
        synchronized (f) {
            CompletableFuture<Activation> pending = f.pendingActivation();
            if (pending == null || pending.isDone()) {
                return;
            }
            long readyAt = System.currentTimeMillis();
            String coldStart = f.pendingColdStart();
            // The cluster does not tell when the container's process started: the phases end at readiness.
            coldStarts.ready(coldStart, readyAt, StartupTimings.none(), readyAt);
            traffic.touch(key, Instant.now());
            pending.complete(new Activation(coldStart));
        }
    }

    /** A scale from zero the platform made by itself is a cold start too; the call that caused it waited for it. */
    private void platformWoke(PlatformWake wake) {
        if (!functions.containsKey(wake.function())) {
            return;
        }
        String id = coldStarts.begin(wake.function(), wake.requestedAt(), wake.requestedAt());
        coldStarts.ready(id, wake.readyAt(), StartupTimings.none(), wake.readyAt());
        LOG.info("{} was woken from zero by the platform in {} ms", wake.function(), wake.readyAt() - wake.requestedAt());
    }

    private TrackedFunction track(FunctionKey key) {
        return functions.computeIfAbsent(key, k -> {
            TrackedFunction f = new TrackedFunction(k);
            gauges.register(k, f::desired, () -> functions.containsKey(k) ? backend.readyEndpoints(k).size() : 0);
            return f;
        });
    }

    private TrackedFunction managed(FunctionKey key) {
        TrackedFunction f = functions.get(key);
        if (f == null || f.spec() == null) {
            throw new FunctionNotFoundException(key);
        }
        return f;
    }

    @PreDestroy
    void close() {
        calls.shutdownNow();
    }
}
