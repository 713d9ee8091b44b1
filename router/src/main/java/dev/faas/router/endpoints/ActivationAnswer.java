package dev.faas.router.endpoints;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * The controller's answer to {@code POST /system/activate/{ns}/{name}}.
 *
 * @param endpoints   the instances now ready
 * @param coldStartId the cold start this activation caused, or null when an instance was already there
 */
@Introspected
public record ActivationAnswer(FunctionEndpoints endpoints, @Nullable String coldStartId) {
}
