package dev.faas.controller.function;

/** Thrown when a function does not exist; answered with 404. */
public class FunctionNotFoundException extends RuntimeException {
    public FunctionNotFoundException(FunctionKey key) {
        super("function '" + key.name() + "' not found in namespace '" + key.namespace() + "'");
    }

    /** With a hint on what to do instead, appended to the message. */
    public FunctionNotFoundException(FunctionKey key, String hint) {
        super("function '" + key.name() + "' not found in namespace '" + key.namespace() + "'; " + hint);
    }
}
