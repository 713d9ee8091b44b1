package dev.faas.controller.backend;

/**
 * The backend's engine (the Docker daemon, say) does not answer, so nothing can be started now; the message
 * names where the controller looked and what to do. Answered with 503.
 */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
