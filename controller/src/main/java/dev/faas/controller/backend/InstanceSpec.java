package dev.faas.controller.backend;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.Resources;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to start: the function, its image, its environment, its limits and its secrets (name → value, already
 * decrypted; a backend exposes them as files, never as environment variables).
 */
public record InstanceSpec(
        String instanceId,
        FunctionKey function,
        String image,
        String envProcess,
        Map<String, String> envVars,
        Resources limits,
        Map<String, byte[]> secrets) {

    public InstanceSpec {
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
        secrets = secrets == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(secrets));
    }

    /** Keeps secret values out of logs and exception messages. */
    @Override
    public String toString() {
        return "InstanceSpec[" + instanceId + " of " + function + ", image " + image + ", secrets "
                + secrets.keySet() + "]";
    }
}
