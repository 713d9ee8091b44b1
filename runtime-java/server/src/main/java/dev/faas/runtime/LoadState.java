package dev.faas.runtime;

/** Where the runtime is with loading the function: generic (waiting for one), starting, ready or failed. */
sealed interface LoadState {

    /** A pooled runtime with no function yet; it waits for one specialization. */
    record Generic() implements LoadState {
    }

    /** The HTTP server is up; the handler is not loaded yet. */
    record Starting() implements LoadState {
    }

    /** The handler is loaded and initialised. */
    record Ready(Invoker invoker, String handlerClass, long handlerLoaded) implements LoadState {
    }

    /** Loading failed; {@code message} names the class and the cause. */
    record Failed(String message) implements LoadState {
    }
}
