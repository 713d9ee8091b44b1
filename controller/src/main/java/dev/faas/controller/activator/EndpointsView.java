package dev.faas.controller.activator;

import io.micronaut.core.annotation.Introspected;

import java.util.List;

/** The ready instances of a function that a router may call, and how long a call may take. */
@Introspected
public record EndpointsView(String namespace, String name, long timeoutMs, List<Endpoint> endpoints) {

    /** One callable instance. */
    @Introspected
    public record Endpoint(String id, String url) {
    }
}
