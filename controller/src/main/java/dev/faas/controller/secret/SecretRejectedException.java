package dev.faas.controller.secret;

import io.micronaut.http.HttpStatus;

import java.util.List;

/** A secrets request that cannot be done (invalid, missing, existing, in use, too large); carries its status. */
public class SecretRejectedException extends RuntimeException {
    private final HttpStatus status;

    private SecretRejectedException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    /** 400: the request is malformed; the message says what to send instead. */
    public static SecretRejectedException invalid(String message) {
        return new SecretRejectedException(HttpStatus.BAD_REQUEST, message);
    }

    /** 404: no such secret. */
    public static SecretRejectedException notFound(SecretId id, String hint) {
        return new SecretRejectedException(HttpStatus.NOT_FOUND, id + " does not exist; " + hint);
    }

    /** 409: a create of a secret that exists. */
    public static SecretRejectedException exists(SecretId id) {
        return new SecretRejectedException(HttpStatus.CONFLICT, id + " already exists; change it with PUT "
                + "/system/secrets (`faas secret update " + id.name() + "`)");
    }

    /** 409: a delete of a secret that deployed functions still name. */
    public static SecretRejectedException inUse(SecretId id, List<String> functions) {
        return new SecretRejectedException(HttpStatus.CONFLICT, id + " is used by function(s) "
                + String.join(", ", functions) + "; remove it from their secrets and redeploy them first");
    }

    /** 413: the value is over the limit. */
    public static SecretRejectedException tooLarge(SecretId id, int size, int limit) {
        return new SecretRejectedException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "the value of " + id + " is "
                + size + " bytes; secrets may hold at most " + limit + " bytes (" + limit / 1024 + " KiB)");
    }

    /** The HTTP status the caller gets. */
    public HttpStatus status() {
        return status;
    }
}
