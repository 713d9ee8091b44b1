package dev.faas.controller.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Introspected;

/** The OpenFaaS body of {@code DELETE /system/functions}. */
@Introspected
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeleteFunctionRequest(String functionName, String namespace) {
}
