package dev.faas.controller.activator;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;

/** The endpoints after activation and the cold start it caused (null when an instance was already ready). */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ActivationResponse(EndpointsView endpoints, String coldStartId) {
}
