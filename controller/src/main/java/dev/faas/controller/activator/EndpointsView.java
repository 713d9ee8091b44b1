package dev.faas.controller.activator;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;

import java.util.List;

/** The ready instances of a function that a router may call, and how long a call may take. */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EndpointsView(String namespace, String name, long timeoutMs, List<Endpoint> endpoints) {

    /** One callable instance. */
    @Introspected
    public record Endpoint(String id, String url) {
    }
}
