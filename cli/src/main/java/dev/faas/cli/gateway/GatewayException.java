package dev.faas.cli.gateway;

import dev.faas.cli.CliException;

/** The gateway answered with an error status; the message is the one to show the user. */
public class GatewayException extends CliException {

    private final int status;

    public GatewayException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the gateway answered with. */
    public int status() {
        return status;
    }
}
