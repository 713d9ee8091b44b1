package dev.faas.controller.cluster.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What the controller writes back: the generation it acted on, the image it deployed, replicas, and a
 * {@code Ready} condition ({@code True}/{@code Deployed}, or {@code False} with {@code Invalid} or
 * {@code DeployFailed} and the reason).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionResourceStatus(
        Long observedGeneration,
        String image,
        Integer replicas,
        Integer availableReplicas,
        List<Condition> conditions) {

    /** One condition, in the Kubernetes condition shape. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Condition(String type, String status, String reason, String message, String lastTransitionTime) {
    }
}
