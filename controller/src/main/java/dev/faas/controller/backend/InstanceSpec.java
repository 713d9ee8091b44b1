package dev.faas.controller.backend;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.Resources;

import java.util.Map;

/** What to start: the function, its image, its environment and its limits. */
public record InstanceSpec(
        String instanceId,
        FunctionKey function,
        String image,
        String envProcess,
        Map<String, String> envVars,
        Resources limits) {

    public InstanceSpec {
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
    }
}
