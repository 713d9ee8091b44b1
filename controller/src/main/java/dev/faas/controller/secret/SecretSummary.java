package dev.faas.controller.secret;

import io.micronaut.core.annotation.Introspected;

/** A secret as the API lists it: its name and namespace, never its value. */
@Introspected
public record SecretSummary(String name, String namespace) {

    /** The summary of this id. */
    public static SecretSummary of(SecretId id) {
        return new SecretSummary(id.name(), id.namespace());
    }
}
