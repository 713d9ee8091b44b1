package dev.faas.router.activator;

import dev.faas.router.endpoints.FunctionEndpoints;
import io.micronaut.core.annotation.Nullable;

/**
 * The outcome of waiting for a function to have an instance.
 *
 * @param endpoints   the ready instances
 * @param coldStartId the cold start the wait was part of; the first response is reported against it
 */
public record Activation(FunctionEndpoints endpoints, @Nullable String coldStartId) {
}
