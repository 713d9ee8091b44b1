package dev.faas.controller.build;

import io.micronaut.http.HttpStatus;

/** A build request that cannot start (bad archive, too large, queue full); carries the status to answer with. */
public class BuildRejectedException extends RuntimeException {
    private final HttpStatus status;

    public BuildRejectedException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the caller gets. */
    public HttpStatus status() {
        return status;
    }
}
