package dev.faas.runtime;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import dev.faas.function.CallContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One function instance: {@link #start()} opens the HTTP server, {@link #loadHandler()} loads the function,
 * {@link #stop(Duration)} drains in-flight calls and closes. Separate steps so health can answer
 * "starting" while the function loads, and so tests can drive each step.
 */
public final class RuntimeServer {

    private final Specialization specialization;
    private final Duration handOverWait;
    private volatile RuntimeConfig config;
    private volatile CallContext context;
    private volatile Long specializedAt;
    private final InFlightCalls inFlight = new InFlightCalls();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Connections the kernel queues before the server accepts them (the default, 50, is too few for a burst). */
    private static final int ACCEPT_BACKLOG = 1024;
    /** Where the generic warm-up calls itself; gone before the runtime reports itself generic. */
    private static final String WARMUP_PATH = "/_/warmup";
    /**
     * Calls the warm-up makes through its own server, each on a new connection: enough for the JIT to compile the
     * accept, read, dispatch and reply path that a specialization and its first calls run. Once or twice, that path
     * runs interpreted and costs milliseconds per hop; the pool's instances start in the background, so it is paid
     * there.
     */
    private static final int WARMUP_CALLS = 300;
    /** How long a call to a generic runtime waits for the specialization the controller sent before routing it. */
    static final Duration HAND_OVER_WAIT = Duration.ofSeconds(10);
    /** How long a call waits while the function loads; the call's own timeout at the router usually ends it first. */
    static final Duration LOAD_WAIT = Duration.ofMinutes(2);

    private volatile LoadState state = new LoadState.Starting();
    private volatile ClassLoader functionClassLoader;
    private HttpServer http;
    private ExecutorService executor;
    private StartupTimes startupTimes;

    /** Creates the server; nothing is bound until {@link #start()}. */
    public RuntimeServer(RuntimeConfig config) {
        this(config, null);
    }

    /**
     * A server that starts generic when {@code specialization} is not null: no function until one authorized
     * {@code POST /_/specialize} names it (see {@link SpecializeEndpoint}).
     */
    RuntimeServer(RuntimeConfig config, Specialization specialization) {
        this(config, specialization, HAND_OVER_WAIT);
    }

    /** A generic runtime whose calls wait at most {@code handOverWait} for a specialization to begin. */
    RuntimeServer(RuntimeConfig config, Specialization specialization, Duration handOverWait) {
        this.specialization = specialization;
        this.handOverWait = handOverWait;
        this.config = config;
        this.context = contextOf(config);
    }

    /**
     * Makes a generic runtime ready for the pool: warms up what a specialization will run, then health answers
     * "generic" (200). Until then it answers "starting", so the pool never hands out a cold one. Answers whether
     * the warm-up went through whole, one call through this server included (if not, it still serves, slower).
     */
    boolean prepareGeneric() {
        if (specialization == null) {
            throw new IllegalStateException("not a generic runtime (no " + Specialization.TOKEN_VARIABLE + ")");
        }
        LoadState before = state;
        HandlerLoader.Loaded warm = GenericWarmup.run();
        boolean warmed = warm != null && callThroughTheServer(warm);
        synchronized (this) {
            if (state == before) { // not specialized meanwhile
                settle(new LoadState.Generic());
            }
        }
        return warmed;
    }

    /** The warm-up's call through this server, on a path that exists only while it runs. */
    private boolean callThroughTheServer(HandlerLoader.Loaded warm) {
        HttpContext warmup = http.createContext(WARMUP_PATH, exchange -> {
            try (exchange) {
                String callId = CallIds.next();
                exchange.getResponseHeaders().set(InvocationEndpoint.CALL_ID, callId);
                InvocationEndpoint.invoke(exchange, callId, "warmup", warm.invoker(), GenericWarmup.CONTEXT,
                        warm.classLoader());
            }
        });
        try {
            InetSocketAddress bound = http.getAddress();
            InetAddress host = bound.getAddress() == null || bound.getAddress().isAnyLocalAddress()
                    ? InetAddress.getLoopbackAddress() : bound.getAddress();
            InetSocketAddress self = new InetSocketAddress(host, bound.getPort());
            for (int i = 0; i < WARMUP_CALLS; i++) {
                GenericWarmup.callThrough(self, WARMUP_PATH);
            }
            return true;
        } catch (IOException e) {
            GenericWarmup.warmupIncomplete(e);
            return false;
        } finally {
            http.removeContext(warmup);
        }
    }

    private static CallContext contextOf(RuntimeConfig config) {
        return new CallContext(config.functionName(), config.namespace(), "init", config.gateway(),
                config.environment());
    }

    /** Binds and starts serving; health answers "starting" until {@link #loadHandler()} completes. */
    public synchronized void start() throws IOException {
        if (http != null) {
            throw new IllegalStateException("runtime already started");
        }
        // A burst released at once after a scale from zero opens many connections together: the default backlog
        // (50) would refuse some of them before the server accepts.
        http = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), ACCEPT_BACKLOG);
        InvocationEndpoint invocation = new InvocationEndpoint(this, inFlight);
        http.createContext("/", invocation);
        http.createContext(HealthEndpoint.PATH, new HealthEndpoint(this, invocation));
        if (specialization != null) {
            http.createContext(SpecializeEndpoint.PATH, new SpecializeEndpoint(this, specialization));
        }
        executor = Executors.newCachedThreadPool(new CallThreads());
        http.setExecutor(executor);
        http.start();
        startupTimes = StartupTimes.now();
    }

    /** Sets a state a start or a specialization ends in, and wakes the health checks waiting for it. */
    private synchronized void settle(LoadState settled) {
        state = settled;
        notifyAll();
    }

    /**
     * Waits at most {@code max} while the runtime is starting (or specializing) and answers its state then: a health
     * check that waits hears of readiness the moment it comes instead of at its next poll.
     */
    synchronized LoadState awaitSettled(Duration max) throws InterruptedException {
        waitWhile(LoadState.Starting.class, max);
        return state;
    }

    /**
     * The state a call is served in. The controller routes calls to a pooled instance as soon as it has sent the
     * specialization, so a call may arrive while the runtime is still generic or loading the function: it waits
     * for the function (within {@link #HAND_OVER_WAIT} and {@link #LOAD_WAIT}) rather than being turned away. A
     * runtime started with its function gets no call before it is ready, and answers at once.
     */
    LoadState awaitFunction() throws InterruptedException {
        LoadState now = state;
        if (specialization == null || now instanceof LoadState.Ready || now instanceof LoadState.Failed) {
            return now; // every call once loaded: no lock taken
        }
        synchronized (this) {
            waitWhile(LoadState.Generic.class, handOverWait);
            waitWhile(LoadState.Starting.class, LOAD_WAIT);
            return state;
        }
    }

    private void waitWhile(Class<? extends LoadState> passing, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (passing.isInstance(state) && !draining.get()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Loads and initialises the function; returns whether it worked (the reason is in health and stderr). */
    public boolean loadHandler() {
        try {
            HandlerLoader.Loaded loaded = new HandlerLoader(config).load(context);
            functionClassLoader = loaded.classLoader();
            settle(new LoadState.Ready(loaded.invoker(), loaded.className(), System.currentTimeMillis()));
            return true;
        } catch (HandlerLoader.LoadException e) {
            System.err.println("faas-runtime: " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            settle(new LoadState.Failed(e.getMessage()));
            return false;
        }
    }

    /**
     * Turns this generic runtime into {@code function}'s instance: from now on it has that configuration (and
     * its environment as the function's context sees it) and loads that handler. Called once, by the one
     * specialization that {@link Specialization#claim()} let through; {@code at} is when it was asked.
     */
    boolean specialize(RuntimeConfig function, long at) {
        synchronized (this) {
            this.config = function;
            this.context = contextOf(function);
            this.specializedAt = at;
            this.state = new LoadState.Starting();
            notifyAll(); // calls held for the hand-over now wait for the load
        }
        boolean loaded = loadHandler();
        if (loaded) {
            System.err.println("faas-runtime: specialized as function " + function.namespace() + "/"
                    + function.functionName() + " in " + (System.currentTimeMillis() - at) + " ms");
        }
        return loaded;
    }

    /** Marks a specialization that could not even start loading (its environment was unusable) as failed. */
    void failSpecialization(String message) {
        System.err.println("faas-runtime: specialization failed: " + message);
        settle(new LoadState.Failed(message));
    }

    /** When this runtime was specialized (epoch ms), or null when it started with its function. */
    Long specializedAt() {
        return specializedAt;
    }

    /**
     * Stops taking new connections, waits up to {@code drain} for in-flight calls, then closes.
     * Returns whether every call finished in time.
     */
    public boolean stop(Duration drain) {
        HttpServer server;
        synchronized (this) {
            server = http;
        }
        if (server == null || !draining.compareAndSet(false, true)) {
            return true;
        }
        synchronized (this) {
            notifyAll(); // held calls and health checks stop waiting for a start that no longer matters
        }
        // HttpServer.stop(delay) closes the listener at once but on JDK 17 sits out the whole delay even when
        // idle, so it runs aside while we wait on our own count, and stop(0) then ends it early.
        Thread closer = new Thread(() -> server.stop((int) Math.max(1, drain.toSeconds() + 1)), "faas-stop");
        closer.setDaemon(true);
        closer.start();
        boolean drained;
        try {
            drained = inFlight.awaitIdle(drain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        server.stop(0);
        executor.shutdownNow();
        return drained;
    }

    /** The port actually bound (useful with port 0). */
    public synchronized int port() {
        return http.getAddress().getPort();
    }

    /** The configuration this server runs with. */
    public RuntimeConfig config() {
        return config;
    }

    /** Start-up timestamps; valid after {@link #start()}. */
    StartupTimes startupTimes() {
        return startupTimes;
    }

    LoadState state() {
        return state;
    }

    boolean isDraining() {
        return draining.get();
    }

    CallContext context() {
        return context;
    }

    ClassLoader functionClassLoader() {
        return functionClassLoader;
    }

    /** Names call threads so stack traces show where they come from. */
    private static final class CallThreads implements ThreadFactory {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "faas-call-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
