package dev.faas.controller.activator;

import io.micronaut.core.annotation.Introspected;

/** When the router saw the first response of a call that waited for a cold start (epoch ms). */
@Introspected
public record FirstResponse(long at) {
}
