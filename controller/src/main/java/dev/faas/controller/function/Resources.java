package dev.faas.controller.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;

/** Memory and CPU in Kubernetes quantity notation, as in OpenFaaS: {@code "128Mi"}, {@code "500m"}. */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resources(String memory, String cpu) {
}
