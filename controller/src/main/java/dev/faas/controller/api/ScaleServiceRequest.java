package dev.faas.controller.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Introspected;

/** The OpenFaaS body of {@code POST /system/scale-function/{name}}. */
@Introspected
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScaleServiceRequest(String serviceName, String namespace, Integer replicas) {
}
