package dev.faas.controller.cluster.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.faas.controller.function.Resources;

import java.util.List;
import java.util.Map;

/** The spec of a {@code Function} resource: the OpenFaaS deployment fields, without name and namespace (its metadata's). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionResourceSpec(
        String image,
        String envProcess,
        Map<String, String> envVars,
        List<String> constraints,
        List<String> secrets,
        Map<String, String> labels,
        Map<String, String> annotations,
        Resources limits,
        Resources requests,
        Boolean readOnlyRootFilesystem) {
}
