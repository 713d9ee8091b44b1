package dev.faas.controller.instance;

import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.function.FunctionKey;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One running (or recently ended) instance of a function version and its state. State changes are
 * synchronized so that ready/failed/draining transitions cannot cross.
 */
public final class Instance {
    private final InstanceHandle handle;
    private final long revision;
    private final Instant startIssuedAt;
    private final boolean holdsCallsWhileLoading;
    private final CompletableFuture<Instance> ready = new CompletableFuture<>();
    private final CompletableFuture<Instance> takesCalls = new CompletableFuture<>();
    private InstanceState state = InstanceState.STARTING;
    private boolean openEarly;
    private StartupTimings timings = StartupTimings.none();
    private Instant readyAt;
    private Instant drainingSince;
    private String failure;
    private boolean stopRequested;

    public Instance(InstanceHandle handle, long revision, Instant startIssuedAt) {
        this(handle, revision, startIssuedAt, false);
    }

    /**
     * An instance that, when {@code holdsCallsWhileLoading}, may be sent calls before it is ready: it holds them
     * until its function is loaded (a pooled runtime being specialized does).
     */
    public Instance(InstanceHandle handle, long revision, Instant startIssuedAt, boolean holdsCallsWhileLoading) {
        this.handle = handle;
        this.revision = revision;
        this.startIssuedAt = startIssuedAt;
        this.holdsCallsWhileLoading = holdsCallsWhileLoading;
    }

    public String id() {
        return handle.instanceId();
    }

    public FunctionKey function() {
        return handle.function();
    }

    public InstanceHandle handle() {
        return handle;
    }

    /** The deploy generation this instance belongs to; a rollout replaces lower revisions. */
    public long revision() {
        return revision;
    }

    public Instant startIssuedAt() {
        return startIssuedAt;
    }

    /** Completes with this instance when it becomes READY, exceptionally when it fails first. */
    public CompletableFuture<Instance> ready() {
        return ready;
    }

    /**
     * Completes once routers may send this instance calls: when it is READY, or earlier once {@link #openEarly()}
     * opened an instance that holds calls while it loads; exceptionally when it fails first.
     */
    public CompletableFuture<Instance> takesCalls() {
        return takesCalls;
    }

    /** Whether routers may send it calls now (see {@link #takesCalls()}). */
    public synchronized boolean acceptsCalls() {
        return state == InstanceState.READY || state == InstanceState.STARTING && openEarly;
    }

    /**
     * Lets routers call this STARTING instance before it is ready, when it holds calls while it loads: the first
     * call then travels while the function loads instead of after. False when it cannot hold calls or left STARTING.
     */
    public boolean openEarly() {
        synchronized (this) {
            if (!holdsCallsWhileLoading || state != InstanceState.STARTING) {
                return false;
            }
            openEarly = true;
        }
        takesCalls.complete(this);
        return true;
    }

    public synchronized InstanceState state() {
        return state;
    }

    public synchronized StartupTimings timings() {
        return timings;
    }

    public synchronized Instant readyAt() {
        return readyAt;
    }

    public synchronized Instant drainingSince() {
        return drainingSince;
    }

    public synchronized String failure() {
        return failure;
    }

    public synchronized boolean stopRequested() {
        return stopRequested;
    }

    /** STARTING → READY; false if the instance had already left STARTING. */
    public boolean markReady(StartupTimings reported, Instant at) {
        synchronized (this) {
            if (state != InstanceState.STARTING) {
                return false;
            }
            state = InstanceState.READY;
            timings = reported;
            readyAt = at;
        }
        ready.complete(this);
        takesCalls.complete(this);
        return true;
    }

    /** Any live state → DRAINING: the instance leaves the endpoints at once but keeps running. */
    public synchronized boolean markDraining(Instant at) {
        if (!state.isLive()) {
            return false;
        }
        state = InstanceState.DRAINING;
        drainingSince = at;
        stopRequested = true;
        failFutures(new InstanceStartFailedException("instance " + id() + " was stopped"));
        return true;
    }

    /** Notes that the controller asked for this instance to end, so its exit is not a crash. */
    public synchronized void markStopRequested() {
        stopRequested = true;
    }

    /** Ends the instance: STOPPED if the controller asked for it, FAILED with the reason otherwise. */
    public boolean markEnded(String reason) {
        InstanceStartFailedException error;
        synchronized (this) {
            if (state.isEnded()) {
                return false;
            }
            state = stopRequested ? InstanceState.STOPPED : InstanceState.FAILED;
            if (!stopRequested) {
                failure = reason;
            }
            error = new InstanceStartFailedException(reason);
        }
        failFutures(error);
        return true;
    }

    /** Marks a start failure (handler did not load, timeout): FAILED even though we will now stop it. */
    public boolean markFailed(String reason) {
        synchronized (this) {
            if (state.isEnded()) {
                return false;
            }
            state = InstanceState.FAILED;
            failure = reason;
            stopRequested = true;
        }
        failFutures(new InstanceStartFailedException(reason));
        return true;
    }

    /** Those waiting for it to be ready or to take calls learn it never will (no effect on a completed future). */
    private void failFutures(InstanceStartFailedException error) {
        ready.completeExceptionally(error);
        takesCalls.completeExceptionally(error);
    }
}
