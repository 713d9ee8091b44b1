package dev.faas.cli.platform;

import java.nio.file.Path;
import java.util.Map;

/**
 * A platform process to run in the background: its name (used for log and pid files), jar, port and environment.
 */
public record ServiceSpec(String name, Path jar, int port, Map<String, String> environment) {

    public ServiceSpec {
        environment = Map.copyOf(environment);
    }

    /** The URL of its health endpoint. */
    public String healthUrl() {
        return "http://127.0.0.1:" + port + "/healthz";
    }
}
