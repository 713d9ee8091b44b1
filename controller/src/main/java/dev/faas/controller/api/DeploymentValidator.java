package dev.faas.controller.api;

import dev.faas.controller.autoscaler.ScalingPolicy;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;
import dev.faas.controller.function.Resources;
import dev.faas.controller.trigger.TriggerConcurrency;
import dev.faas.controller.trigger.cron.CronSchedule;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;

/** Turns an OpenFaaS deployment body into a spec, rejecting anything wrong before it reaches the runtime. */
@Singleton
public class DeploymentValidator {

    /** A valid spec created now, or {@link InvalidFunctionException} naming the field that is wrong. */
    public FunctionSpec toSpec(DeploymentRequest request) {
        if (request == null) {
            throw new InvalidFunctionException("the deployment body is missing: send JSON with at least "
                    + "\"service\" and \"image\"");
        }
        FunctionKey key = FunctionKey.parse(request.service(), request.namespace());
        if (request.image() == null || request.image().isBlank()) {
            throw new InvalidFunctionException("image is required for function '" + key.name()
                    + "': build one with `faas build` or POST /system/builds");
        }
        checkResources("limits", request.limits());
        checkResources("requests", request.requests());
        FunctionSpec spec = new FunctionSpec(key.name(), key.namespace(), request.image().trim(),
                request.envProcess(), request.envVars(), request.constraints(), request.secrets(),
                request.labels(), request.annotations(), request.limits(), request.requests(),
                Boolean.TRUE.equals(request.readOnlyRootFilesystem()), Instant.now());
        // The autoscaler's own reading of the labels: one set of rules, checked before anything runs.
        ScalingPolicy.of(spec, Duration.ZERO);
        CronSchedule.of(spec);
        TriggerConcurrency.of(spec);
        return spec;
    }

    private static void checkResources(String field, Resources resources) {
        if (resources == null) {
            return;
        }
        if (resources.memory() != null && !resources.memory().isBlank()) {
            ResourceQuantity.memoryBytes(field + ".memory", resources.memory());
        }
        if (resources.cpu() != null && !resources.cpu().isBlank()) {
            ResourceQuantity.cpuMillis(field + ".cpu", resources.cpu());
        }
    }
}
