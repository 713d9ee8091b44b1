package dev.faas.controller.function;

/** Thrown when a function spec or name is invalid; the message says why and is safe to show to the caller. */
public class InvalidFunctionException extends RuntimeException {
    public InvalidFunctionException(String message) {
        super(message);
    }
}
