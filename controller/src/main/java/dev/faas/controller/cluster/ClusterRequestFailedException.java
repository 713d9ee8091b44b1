package dev.faas.controller.cluster;

/**
 * The Kubernetes API server refused or failed a request; the message says what was asked and the server's
 * reason. Answered with 502 (the controller itself is fine, the cluster said no).
 */
public class ClusterRequestFailedException extends RuntimeException {
    private final int code;

    public ClusterRequestFailedException(String message, int code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The API server's HTTP status, 0 when it did not answer. */
    public int code() {
        return code;
    }
}
