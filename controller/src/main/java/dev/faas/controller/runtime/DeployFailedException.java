package dev.faas.controller.runtime;

/** A new version did not become ready; the message says why (for example the handler's load error). */
public class DeployFailedException extends RuntimeException {
    public DeployFailedException(String message) {
        super(message);
    }
}
