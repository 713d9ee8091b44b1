package dev.faas.controller.runtime;

import java.net.URI;

/**
 * One callable replica of a function as routers see it: an id (for traffic reports), its URL, and whether it is
 * still {@code loading} its function (a pooled instance being specialized holds calls until then, and a call's own
 * timeout should not count that wait).
 */
public record Endpoint(String id, URI url, boolean loading) {

    /** A ready replica. */
    public Endpoint(String id, URI url) {
        this(id, url, false);
    }
}
