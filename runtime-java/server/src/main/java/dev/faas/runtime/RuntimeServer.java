package dev.faas.runtime;

import com.sun.net.httpserver.HttpServer;
import dev.faas.function.CallContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One function instance: {@link #start()} opens the HTTP server, {@link #loadHandler()} loads the function,
 * {@link #stop(Duration)} drains in-flight calls and closes. Separate steps so health can answer
 * "starting" while the function loads, and so tests can drive each step.
 */
public final class RuntimeServer {

    private final RuntimeConfig config;
    private final CallContext context;
    private final InFlightCalls inFlight = new InFlightCalls();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Connections the kernel queues before the server accepts them (the default, 50, is too few for a burst). */
    private static final int ACCEPT_BACKLOG = 1024;

    private volatile LoadState state = new LoadState.Starting();
    private volatile ClassLoader functionClassLoader;
    private HttpServer http;
    private ExecutorService executor;
    private StartupTimes startupTimes;

    /** Creates the server; nothing is bound until {@link #start()}. */
    public RuntimeServer(RuntimeConfig config) {
        this.config = config;
        this.context = new CallContext(config.functionName(), config.namespace(), "init", config.gateway(),
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
        executor = Executors.newCachedThreadPool(new CallThreads());
        http.setExecutor(executor);
        http.start();
        startupTimes = StartupTimes.now();
    }

    /** Loads and initialises the function; returns whether it worked (the reason is in health and stderr). */
    public boolean loadHandler() {
        try {
            HandlerLoader.Loaded loaded = new HandlerLoader(config).load(context);
            functionClassLoader = loaded.classLoader();
            state = new LoadState.Ready(loaded.invoker(), loaded.className(), System.currentTimeMillis());
            return true;
        } catch (HandlerLoader.LoadException e) {
            System.err.println("faas-runtime: " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            state = new LoadState.Failed(e.getMessage());
            return false;
        }
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
