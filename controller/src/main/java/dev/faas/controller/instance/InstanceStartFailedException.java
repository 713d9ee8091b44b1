package dev.faas.controller.instance;

/** An instance did not become ready; the message says why (handler load error, exit code and log, timeout). */
public class InstanceStartFailedException extends RuntimeException {
    public InstanceStartFailedException(String message) {
        super(message);
    }
}
