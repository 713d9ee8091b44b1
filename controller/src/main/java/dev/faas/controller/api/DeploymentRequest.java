package dev.faas.controller.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.faas.controller.function.Resources;
import io.micronaut.core.annotation.Introspected;

import java.util.List;
import java.util.Map;

/** The OpenFaaS deployment body of {@code POST}/{@code PUT /system/functions}; any field may be missing. */
@Introspected
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeploymentRequest(
        String service,
        String image,
        String namespace,
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
