package dev.faas.cli.platform;

import dev.faas.cli.CliException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Where {@code faas up} runs function instances, and the controller settings that choice implies. */
public enum BackendChoice {
    /** Each instance is a local JVM; functions are built into artifacts, no images. */
    PROCESS("process", "each instance is a local JVM (no Docker needed)", Map.of(
            "FAAS_BACKEND", "process",
            "FAAS_IMAGE_TARGET", "none")),
    /** Each instance is a hardened container; functions are built into images loaded into the local engine. */
    DOCKER("docker", "each instance is a container on the local Docker engine; images are built with Jib and "
            + "loaded into it", Map.of(
            "FAAS_BACKEND", "docker",
            "FAAS_IMAGE_TARGET", "docker"));

    private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    private final String id;
    private final String description;
    private final Map<String, String> environment;

    BackendChoice(String id, String description, Map<String, String> environment) {
        this.id = id;
        this.description = description;
        this.environment = environment;
    }

    /** The choice named on the command line ({@code process} or {@code docker}). */
    public static BackendChoice named(String name) {
        for (BackendChoice choice : values()) {
            if (choice.id.equalsIgnoreCase(name)) {
                return choice;
            }
        }
        throw new CliException("unknown backend '" + name + "': use --backend process or --backend docker");
    }

    /** The name used on the command line. */
    public String id() {
        return id;
    }

    /**
     * The controller's environment for this backend with containers in {@code dockerNetwork} ({@code host} or
     * {@code bridge}; ignored by the process backend).
     */
    public Map<String, String> environment(String dockerNetwork) {
        if (this != DOCKER) {
            return environment;
        }
        if (!dockerNetwork.equals("host") && !dockerNetwork.equals("bridge")) {
            throw new CliException("unknown Docker network '" + dockerNetwork + "': use --docker-network host or "
                    + "--docker-network bridge");
        }
        Map<String, String> env = new HashMap<>(environment);
        env.put("FAAS_DOCKER_NETWORK", dockerNetwork);
        return Map.copyOf(env);
    }

    /** One line for the user: which backend, and what it means. */
    public String describe(String dockerNetwork) {
        return id + " — " + description + (this == DOCKER ? " (" + dockerNetwork + " network)" : "");
    }

    /**
     * Fails before anything starts when the backend cannot work here; the controller checks the engine again
     * on every deploy.
     */
    public void requireAvailable(Map<String, String> env) {
        if (this == DOCKER && env.get("DOCKER_HOST") == null && !Files.exists(DEFAULT_SOCKET)) {
            throw new CliException("the docker backend needs a Docker engine, but " + DEFAULT_SOCKET + " does not "
                    + "exist — start dockerd (or set DOCKER_HOST), or run ./faas up --backend process");
        }
    }
}
