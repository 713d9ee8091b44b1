package dev.faas.cli.gateway;

/** A complete gateway answer: status and body text. */
public record GatewayResponse(int status, String body) {

    /** Whether the status is 2xx. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
