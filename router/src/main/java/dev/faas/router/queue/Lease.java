package dev.faas.router.queue;

import dev.faas.router.endpoints.Endpoint;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call's slot on an instance, counted in flight from the moment it is granted until {@link #release()}:
 * after the last byte of the response went to the caller, the caller went away, or the call failed.
 */
public final class Lease {
    private final Endpoint endpoint;
    private final FunctionQueue queue;
    private final AtomicBoolean released = new AtomicBoolean();

    Lease(Endpoint endpoint, FunctionQueue queue) {
        this.endpoint = endpoint;
        this.queue = queue;
    }

    /** The instance the call goes to. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Frees the slot for the next waiting call; only the first call counts, so every path may call it. */
    public void release() {
        if (released.compareAndSet(false, true)) {

            queue.released(endpoint);
        }
    }
}
