package dev.faas.router.endpoints;

import io.micronaut.core.annotation.Introspected;

/**
 * One ready instance of a function.
 *
 * @param id  the instance id the controller gave it
 * @param url its base URL, e.g. {@code http://127.0.0.1:40123}
 */
@Introspected
public record Endpoint(String id, String url) {
}
