package dev.faas.cli;

/** A failure the user can act on: its message is printed as one line and the command exits non-zero. */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(String message) {
        this(message, 1, null);
    }

    public CliException(String message, Throwable cause) {
        this(message, 1, cause);
    }

    public CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code for this failure. */
    public int exitCode() {
        return exitCode;
    }
}
