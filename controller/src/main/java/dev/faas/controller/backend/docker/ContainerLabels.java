package dev.faas.controller.backend.docker;

import dev.faas.controller.backend.InstanceSpec;
import dev.faas.controller.function.FunctionKey;

import java.util.Map;
import java.util.Optional;

/**
 * The labels that mark a container as one of ours: managed by faas, by this controller, for which function,
 * instance and image. They are how instances are found again after a restart.
 */
public final class ContainerLabels {
    public static final String MANAGED = "dev.faas.managed";
    public static final String CONTROLLER = "dev.faas.controller";
    public static final String FUNCTION = "dev.faas.function";
    public static final String NAMESPACE = "dev.faas.namespace";
    public static final String INSTANCE = "dev.faas.instance";
    public static final String IMAGE = "dev.faas.image";
    /** The port the instance listens on in its network (8080 on a bridge, the host port in the host's network). */
    public static final String PORT = "dev.faas.port";

    private final String controllerId;

    public ContainerLabels(String controllerId) {
        this.controllerId = controllerId;
    }

    /** The labels of a new container for this instance, listening on {@code port}. */
    public Map<String, String> of(InstanceSpec spec, int port) {
        return Map.of(MANAGED, "true", CONTROLLER, controllerId, FUNCTION, spec.function().name(),
                NAMESPACE, spec.function().namespace(), INSTANCE, spec.instanceId(), IMAGE, spec.image(),
                PORT, Integer.toString(port));
    }

    /** The filter that selects this controller's containers (and events), and no one else's. */
    public Map<String, String> ours() {
        return Map.of(MANAGED, "true", CONTROLLER, controllerId);
    }

    /** The container's name: unique per controller and instance, so it also addresses the container. */
    public String containerName(String instanceId) {
        return "faas-" + controllerId + "-" + instanceId;
    }

    /** The function a labelled container runs, when its labels say. */
    public static Optional<FunctionKey> functionOf(Map<String, String> labels) {
        String name = labels.get(FUNCTION);
        String namespace = labels.get(NAMESPACE);
        return name == null || namespace == null ? Optional.empty() : Optional.of(new FunctionKey(namespace, name));
    }
}
