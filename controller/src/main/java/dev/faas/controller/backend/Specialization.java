package dev.faas.controller.backend;

import java.util.Map;

/**
 * A generic instance made ready for one function by its backend: its handle under the function's name (same
 * instance id, same address) and the environment its runtime must be specialized with — the same variables a fresh
 * instance of the function would have been started with (secrets as a directory, never values).
 */
public record Specialization(InstanceHandle handle, Map<String, String> environment) {

    public Specialization {
        environment = Map.copyOf(environment);
    }

    /** Keeps the environment (the function's own variables) out of logs. */
    @Override
    public String toString() {
        return "Specialization[" + handle.instanceId() + " for " + handle.function() + "]";
    }
}
