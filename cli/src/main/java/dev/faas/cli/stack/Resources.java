package dev.faas.cli.stack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Memory and CPU in Kubernetes quantity notation ({@code 128Mi}, {@code 500m}), as in OpenFaaS. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Resources(String memory, String cpu) {
}
