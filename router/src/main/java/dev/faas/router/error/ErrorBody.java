package dev.faas.router.error;

import io.micronaut.core.annotation.Introspected;

/** The JSON body of every error the router answers: {@code {"status":404,"message":"..."}}. */
@Introspected
public record ErrorBody(int status, String message) {
}
