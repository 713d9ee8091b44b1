package dev.faas.runtime;

import java.io.IOException;

/** Entry point of {@code faas-runtime.jar}: configuration from the environment, then serve until SIGTERM. */
public final class Main {

    private Main() {
    }

    /** Starts the runtime; exits with 2 on bad configuration and 1 if the port cannot be bound. */
    public static void main(String[] args) {
        // Without it the JDK's server leaves Nagle's algorithm on: a small answer waits ~40 ms for the client's
        // delayed ACK, on every call of a keep-alive connection.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ResponseDates.prepareAside();
        RuntimeConfig config;
        try {
            config = RuntimeConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("faas-runtime: " + e.getMessage());
            System.exit(2);
            return;
        }
        Specialization specialization = Specialization.fromEnv(System.getenv());
        RuntimeServer server = new RuntimeServer(config, specialization);
        try {
            server.start();
        } catch (IOException e) {
            System.err.println("faas-runtime: cannot listen on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage() + " (set PORT to a free port)");
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boolean drained = server.stop(config.drain());
            System.err.println("faas-runtime: stopped" + (drained ? "" : " with calls still running after "
                    + config.drain().toSeconds() + " s"));
        }, "faas-shutdown"));
        if (specialization != null) {
            server.prepareGeneric();
            System.err.println("faas-runtime: generic, waiting for a specialization on port " + server.port());
            return;
        }
        boolean loaded = server.loadHandler();
        StartupTimes times = server.startupTimes();
        long since = times.processStart() != null ? times.processStart() : times.runtimeReady();
        long elapsed = System.currentTimeMillis() - since;
        if (loaded && server.state() instanceof LoadState.Ready ready) {
            System.err.println("faas-runtime: ready in " + elapsed + " ms (handler " + ready.handlerClass()
                    + ", function " + config.functionName() + " on port " + server.port() + ")");
        } else {
            System.err.println("faas-runtime: serving health on port " + server.port()
                    + " with the handler not loaded (see above)");
        }
    }
}
