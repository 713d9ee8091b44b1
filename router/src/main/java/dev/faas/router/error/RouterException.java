package dev.faas.router.error;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.HttpResponse;

/** A failure that ends a call with the given status and a message meant for the caller. */
public class RouterException extends RuntimeException {
    private final HttpStatus status;

    public RouterException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** Seconds the caller is asked to wait before trying again ({@code Retry-After}), 0 for no such advice. */
    public int retryAfterSeconds() {
        return 0;
    }

    /** This failure as the JSON error response. */
    public MutableHttpResponse<?> toResponse() {
        MutableHttpResponse<?> response = HttpResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody(status.getCode(), getMessage()));
        return retryAfterSeconds() > 0 ? response.header("Retry-After", Integer.toString(retryAfterSeconds())) : response;
    }
}
