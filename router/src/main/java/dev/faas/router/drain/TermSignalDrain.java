package dev.faas.router.drain;

import sun.misc.Signal;

/**
 * Makes SIGTERM drain the router before the JVM exits. The JVM's own SIGTERM handling runs the shutdown hooks at
 * once, and Micronaut's hook stops the event loops with calls still in flight; this handler drains first and then
 * exits normally, which runs the hooks on an idle router.
 */
public final class TermSignalDrain {
    private TermSignalDrain() {
    }

    /** Installs the handler; a second SIGTERM during the drain is ignored (the drain timeout bounds it). */
    public static void install(RouterDrain drain) {
        Signal.handle(new Signal("TERM"), signal -> {
            Thread draining = new Thread(() -> {
                drain.drain().join();
                System.exit(0);
            }, "faas-drain");
            Signal.handle(new Signal("TERM"), again -> { });
            draining.start();
        });
    }
}
