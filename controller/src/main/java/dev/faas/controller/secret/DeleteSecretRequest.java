package dev.faas.controller.secret;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Introspected;

/** The OpenFaaS body of {@code DELETE /system/secrets}; {@code ?name=&namespace=} may stand in for it. */
@Introspected
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeleteSecretRequest(String name, String namespace) {
}
