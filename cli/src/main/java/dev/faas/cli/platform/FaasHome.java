package dev.faas.cli.platform;

import java.nio.file.Path;

/** The user's faas directory ({@code $FAAS_HOME}): credentials, logs, pid files and the controller's state. */
public record FaasHome(Path root) {

    /** The credentials file. */
    public Path credentialsFile() {
        return root.resolve("credentials");
    }

    /** The controller's state directory. */
    public Path stateDir() {
        return root.resolve("state");
    }

    /** Where a platform process writes its output. */
    public Path logFile(String process) {
        return root.resolve("logs").resolve(process + ".log");
    }

    /** Which backend the running controller was started with. */
    public Path backendFile() {
        return root.resolve("run").resolve("backend");
    }

    /** Where a platform process's pid is kept. */
    public Path pidFile(String process) {
        return root.resolve("run").resolve(process + ".pid");
    }
}
