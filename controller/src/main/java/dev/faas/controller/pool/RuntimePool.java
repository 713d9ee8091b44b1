package dev.faas.controller.pool;

import dev.faas.controller.backend.Backend;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.backend.InstanceSpec;
import dev.faas.controller.instance.InstanceStartFailedException;
import dev.faas.controller.instance.ReadinessProbe;
import dev.faas.controller.instance.StartupTimings;
import dev.faas.controller.reconciler.StartupReconciled;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The prewarmed pool of runtime-java: keeps {@code faas.pool.size} generic instances started and idle; a launch
 * takes one ({@link #acquire}), which then belongs to that function for good, and the pool refills in the
 * background. Empty, disabled, or on a backend without pools, {@link #acquire} answers empty and the caller starts a
 * fresh instance.
 */
@Singleton
// Pools are of instances this controller starts itself; the cluster backends have none.
@Requires(bean = Backend.class)
public class RuntimePool implements ApplicationEventListener<StartupReconciled> {
    /** The runtime this pool holds; one pool per runtime, and runtime-java is the one runtime there is. */
    public static final String RUNTIME = "java";
    private static final Logger LOG = LoggerFactory.getLogger(RuntimePool.class);
    private static final SecureRandom TOKENS = new SecureRandom();
    /** How long after a specialization completes the pool starts its replacement. */
    private static final Duration REFILL_AFTER_ACQUIRE = Duration.ofMillis(200);

    private final Backend backend;
    private final ReadinessProbe probe;
    private final Specializer specializer;
    private final PoolSettings settings;
    private final ConcurrentLinkedDeque<Generic> idle = new ConcurrentLinkedDeque<>();
    /** Generic instances started and not yet ready: stopped with the pool too, or they would outlive it. */
    private final Set<InstanceHandle> launching = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService refills = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faas-pool-refill");
        t.setDaemon(true);
        return t;
    });
    /** Hands acquired instances their functions, off the path of the cold start's answer. */
    private final ExecutorService deliveries = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faas-pool-specialize");
        t.setDaemon(true);
        return t;
    });
    private final Counter acquired;
    private final Counter fallbacks;
    private int starting;
    private int failuresInARow;
    private boolean refillScheduled;
    private volatile boolean closed;

    /** A started generic instance and the token that specializes it (kept here only, never logged). */
    private record Generic(InstanceHandle handle, String token) {
    }

    public RuntimePool(Backend backend, ReadinessProbe probe, Specializer specializer, PoolSettings settings,
                       MeterRegistry meters) {
        this.backend = backend;
        this.probe = probe;
        this.specializer = specializer;
        this.settings = settings;
        this.acquired = Counter.builder("faas.pool.acquired").description("Instances specialized from the pool")
                .tag("runtime", RUNTIME).register(meters);
        this.fallbacks = Counter.builder("faas.pool.fallbacks")
                .description("Launches that found the pool empty and started a fresh instance")
                .tag("runtime", RUNTIME).register(meters);
        Gauge.builder("faas.pool.idle.instances", idle, ConcurrentLinkedDeque::size)
                .description("Generic instances ready to be specialized").tag("runtime", RUNTIME).register(meters);
        Gauge.builder("faas.pool.memory.bytes", this, RuntimePool::memoryBytes)
                .description("Resident memory of the pool's idle instances").tag("runtime", RUNTIME).register(meters);
    }

    /** Whether this pool keeps instances at all. */
    public boolean active() {
        return settings.enabled() && settings.size() > 0 && backend.supportsPools() && !closed;
    }

    /** Starts filling only after the start-up reconciliation, which would take the pool's instances for leftovers. */
    @Override
    public void onApplicationEvent(StartupReconciled event) {
        if (settings.enabled() && !backend.supportsPools()) {
            LOG.warn("faas.pool.enabled is set but the {} keeps no prewarmed pool; every cold start starts a fresh"
                    + " instance", backend.getClass().getSimpleName());
        }
        if (active()) {
            LOG.info("keeping {} generic {} instances prewarmed", settings.size(), RUNTIME);
            refill();
        }
    }

    /**
     * Takes an idle instance for {@code spec}'s function and starts its specialization; empty when there is none
     * (or the backend cannot give that spec a generic instance), and the caller starts a fresh one.
     */
    public Optional<PooledStart> acquire(InstanceSpec spec) {
        if (!active()) {
            return Optional.empty();
        }
        Generic generic;
        while ((generic = idle.pollFirst()) != null && backend.onExit(generic.handle()).isDone()) {
            LOG.debug("skipping generic instance {}: it has ended", generic.handle().instanceId());
        }
        if (generic == null) {
            fallbacks.increment();
            LOG.info("the {} pool is empty; starting a fresh instance of {}", RUNTIME, spec.function());
            scheduleRefill(Duration.ZERO);
            return Optional.empty();
        }
        Optional<InstanceHandle> claimed;
        try {
            claimed = backend.specializedHandle(generic.handle(), spec);
        } catch (RuntimeException e) {
            LOG.warn("could not hand generic instance {} to {}: {}", generic.handle().instanceId(), spec.function(),
                    e.getMessage());
            discard(generic.handle());
            fallbacks.increment();
            return Optional.empty();
        }
        if (claimed.isEmpty()) {
            idle.addFirst(generic); // untouched: it waits for a function it can serve
            fallbacks.increment();
            return Optional.empty();
        }
        acquired.increment();
        InstanceHandle handle = claimed.get();
        CompletableFuture<StartupTimings> ready = new CompletableFuture<>();
        // The cold start is answered with the instance's address alone (it holds its calls until its function is
        // loaded): the files and the request that specialize it are made beside that answer, not before it.
        String token = generic.token();
        deliveries.execute(() -> specialize(handle, token, spec, ready));
        // A new generic JVM takes a core for a few hundred ms as it starts: not while this cold start, whose first
        // call follows its readiness, still needs it.
        ready.copy().completeOnTimeout(null, 1, TimeUnit.SECONDS)
                .whenComplete((timings, error) -> scheduleRefill(REFILL_AFTER_ACQUIRE));
        return Optional.of(new PooledStart(handle, ready));
    }

    private void specialize(InstanceHandle handle, String token, InstanceSpec spec,
                            CompletableFuture<StartupTimings> ready) {
        backend.onExit(handle).thenAccept(exit -> ready.completeExceptionally(new InstanceStartFailedException(
                "instance " + handle.instanceId() + " " + exit.reason() + " while it was being specialized")));
        try {
            Map<String, String> environment = backend.deliverSpecialization(handle, spec);
            ready.complete(specializer.specialize(handle, token, environment));
            LOG.info("specialized generic instance {} for {}", handle.instanceId(), spec.function());
        } catch (InstanceStartFailedException e) {
            ready.completeExceptionally(e);
        } catch (RuntimeException e) {
            ready.completeExceptionally(new InstanceStartFailedException("generic instance " + handle.instanceId()
                    + " could not be handed to " + spec.function() + ": " + e.getMessage()));
        }
    }

    /** The pool's state and memory now. */
    public PoolStatus status() {
        List<PoolStatus.Member> members = new ArrayList<>();
        for (Generic g : idle) {
            members.add(new PoolStatus.Member(g.handle().instanceId(), g.handle().url().toString(),
                    backend.residentBytes(g.handle())));
        }
        int startingNow;
        synchronized (this) {
            startingNow = starting;
        }
        return new PoolStatus(RUNTIME, active(), settings.size(), members.size(), startingNow,
                (long) acquired.count(), (long) fallbacks.count(), total(members), members);
    }

    private double memoryBytes() {
        return status().memoryBytes();
    }

    private static long total(List<PoolStatus.Member> members) {
        long sum = 0;
        for (PoolStatus.Member m : members) {
            if (m.memoryBytes() < 0) {
                return -1;
            }
            sum += m.memoryBytes();
        }
        return sum;
    }

    private synchronized void scheduleRefill(Duration delay) {
        if (refillScheduled || closed) {
            return;
        }
        refillScheduled = true;
        refills.schedule(() -> {
            synchronized (this) {
                refillScheduled = false;
            }
            refill();
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts generic instances until idle + starting reaches the pool size. */
    private void refill() {
        while (true) {
            synchronized (this) {
                if (!active() || idle.size() + starting >= settings.size()) {
                    return;
                }
                starting++;
            }
            if (!startOne()) {
                return;
            }
        }
    }

    private boolean startOne() {
        String id = "pool-" + RUNTIME + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        byte[] secret = new byte[32];
        TOKENS.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        InstanceHandle handle;
        try {
            handle = backend.startGeneric(id, token);
        } catch (RuntimeException e) {
            startFailed(id, e.getMessage());
            return false;
        }
        launching.add(handle);
        if (closed) {
            launching.remove(handle);
            backend.stop(handle, Duration.ofSeconds(2));
            return false;
        }
        Generic generic = new Generic(handle, token);
        probe.awaitReady(handle, backend.onExit(handle)).whenComplete((timings, error) -> {
            launching.remove(handle);
            if (error != null) {
                backend.stop(handle, Duration.ofSeconds(2));
                startFailed(id, error.getMessage());
                return;
            }
            synchronized (this) {
                starting--;
                failuresInARow = 0;
                if (closed) {
                    backend.stop(handle, Duration.ofSeconds(2));
                    return;
                }
                backend.park(handle);
                idle.addLast(generic);
            }
            LOG.debug("generic instance {} is ready", id);
            backend.onExit(handle).thenRun(() -> {
                if (idle.remove(generic)) {
                    LOG.warn("generic instance {} of the pool ended while idle; replacing it", id);
                    scheduleRefill(Duration.ZERO);
                }
            });
        });
        return true;
    }

    private void startFailed(String id, String reason) {
        Duration backoff;
        synchronized (this) {
            starting--;
            failuresInARow++;
            long seconds = Math.min(settings.maxBackoff().toSeconds(), 1L << Math.min(failuresInARow - 1, 10));
            backoff = Duration.ofSeconds(Math.max(1, seconds));
        }
        LOG.warn("generic instance {} of the pool failed to start ({}); trying again in {} s", id, reason,
                backoff.toSeconds());
        scheduleRefill(backoff);
    }

    private void discard(InstanceHandle handle) {
        backend.stop(handle, Duration.ofSeconds(2));
        scheduleRefill(Duration.ZERO);
    }

    @PreDestroy
    void close() {
        closed = true;
        refills.shutdownNow();
        deliveries.shutdown();
        List<InstanceHandle> left = new ArrayList<>(launching);
        Generic g;
        while ((g = idle.pollFirst()) != null) {
            left.add(g.handle());
        }
        for (InstanceHandle handle : left) {
            try {
                backend.stop(handle, Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("generic instance {} did not stop cleanly: {}", handle.instanceId(), e.getMessage());
            }
        }
    }
}
