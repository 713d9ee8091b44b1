package dev.faas.cli.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.faas.cli.stack.Resources;
import dev.faas.cli.stack.StackFunction;

import java.util.List;
import java.util.Map;

/** The OpenFaaS deployment body of {@code PUT}/{@code POST /system/functions}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentRequest(String service, String image, String namespace, Map<String, String> envVars,
                                Map<String, String> labels, Map<String, String> annotations, Resources limits,
                                Resources requests, List<String> secrets) {

    /** The deployment of a stack function running this image in this namespace. */
    public static DeploymentRequest of(StackFunction function, String namespace, String image) {
        return new DeploymentRequest(function.name(), image, namespace, function.environment(), function.labels(),
                function.annotations(), function.limits(), function.requests(), function.secrets());
    }
}
