package dev.faas.controller.backend;

/** How an instance ended: its exit code when known, and a sentence saying what happened. */
public record InstanceExit(Integer exitCode, String reason) {

    /** An exit whose code is known (the instance was our child process). */
    public static InstanceExit withCode(int exitCode) {
        return new InstanceExit(exitCode, "exited with code " + exitCode);
    }

    /** An exit observed from outside (an adopted process), so without its code. */
    public static InstanceExit codeUnknown() {
        return new InstanceExit(null, "exited (exit code unknown: the process was adopted from an earlier controller)");
    }
}
