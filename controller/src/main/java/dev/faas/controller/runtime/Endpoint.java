package dev.faas.controller.runtime;

import java.net.URI;

/** One ready, callable replica of a function as routers see it: an id (for traffic reports) and its URL. */
public record Endpoint(String id, URI url) {
}
