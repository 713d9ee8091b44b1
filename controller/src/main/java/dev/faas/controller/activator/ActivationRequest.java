package dev.faas.controller.activator;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/** A router's request to wake a function: when the call arrived and how long the router will wait. */
@Introspected
public record ActivationRequest(@Nullable Long arrivedAt, @Nullable Long timeoutMs) {
}
