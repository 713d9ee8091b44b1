package dev.faas.controller.api;

import dev.faas.controller.events.FunctionEvent;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.Resources;
import dev.faas.controller.runtime.RuntimeStatus;
import dev.faas.controller.trigger.TriggerStatus;
import io.micronaut.core.annotation.Introspected;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One function as OpenFaaS reports it, plus its image digest, instances, cold starts, recent instance events and
 * its triggers (cron, NATS, Kafka: counts, last error, lag). Secrets are listed by name only.
 */
@Introspected
public record FunctionStatus(
        String name,
        String image,
        String imageDigest,
        String namespace,
        String envProcess,
        Map<String, String> envVars,
        List<String> constraints,
        List<String> secrets,
        Map<String, String> labels,
        Map<String, String> annotations,
        Resources limits,
        Resources requests,
        boolean readOnlyRootFilesystem,
        int replicas,
        int availableReplicas,
        long invocationCount,
        Instant createdAt,
        List<RuntimeStatus.InstanceView> instances,
        RuntimeStatus.ColdStartSummary coldStarts,
        List<FunctionEvent> events,
        List<TriggerStatus> triggers) {

    private static final RuntimeStatus.ColdStartSummary NO_COLD_STARTS =
            new RuntimeStatus.ColdStartSummary(0, null, null, List.of());

    /**
     * Joins the stored spec, what the runtime says (which may know nothing yet after a restart) and the digest of
     * the spec's image when it was built here (null otherwise).
     */
    public static FunctionStatus of(FunctionSpec spec, RuntimeStatus runtime, String imageDigest) {
        int replicas = runtime == null ? 0 : runtime.replicas();
        int available = runtime == null ? 0 : runtime.availableReplicas();
        long invocations = runtime == null ? 0 : runtime.invocationCount();
        List<RuntimeStatus.InstanceView> instances =
                runtime == null || runtime.instances() == null ? List.of() : runtime.instances();
        RuntimeStatus.ColdStartSummary coldStarts =
                runtime == null || runtime.coldStarts() == null ? NO_COLD_STARTS : runtime.coldStarts();
        List<FunctionEvent> events = runtime == null || runtime.events() == null ? List.of() : runtime.events();
        return new FunctionStatus(spec.service(), spec.image(), imageDigest, spec.namespace(), spec.envProcess(),
                spec.envVars(), spec.constraints(), spec.secrets(), spec.labels(), spec.annotations(),
                spec.limits(), spec.requests(), spec.readOnlyRootFilesystem(), replicas, available, invocations,
                spec.createdAt(), instances, coldStarts, events, List.of());
    }

    /** The same status with the function's triggers. */
    public FunctionStatus withTriggers(List<TriggerStatus> functionTriggers) {
        return new FunctionStatus(name, image, imageDigest, namespace, envProcess, envVars, constraints, secrets,
                labels, annotations, limits, requests, readOnlyRootFilesystem, replicas, availableReplicas,
                invocationCount, createdAt, instances, coldStarts, events, List.copyOf(functionTriggers));
    }
}
