package dev.faas.controller.cluster;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.InvalidFunctionException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Maps function namespaces to Kubernetes namespaces: {@code default} to the controller's functions namespace,
 * any other to the Kubernetes namespace of the same name, if it is one this controller serves (least privilege:
 * the RBAC grants only those).
 */
@Singleton
@Requires(property = "faas.backend", pattern = ClusterSettings.CLUSTER_BACKENDS)
public class ClusterNamespaces {
    private final String functions;
    private final Set<String> served = new LinkedHashSet<>();

    public ClusterNamespaces(ClusterSettings settings, KubernetesClient client) {
        String own = settings.namespace() != null ? settings.namespace() : client.getNamespace();
        this.functions = own == null ? FunctionKey.DEFAULT_NAMESPACE : own;
        served.add(functions);
        served.addAll(settings.extraNamespaces());
    }

    /** The Kubernetes namespace of a function; refuses a function namespace this controller does not serve. */
    public String of(FunctionKey key) {
        String ns = FunctionKey.DEFAULT_NAMESPACE.equals(key.namespace()) ? functions : key.namespace();
        if (!served.contains(ns)) {
            throw new InvalidFunctionException("namespace '" + key.namespace() + "' is not served by this controller "
                    + "(it serves " + served + "): add it to faas.kubernetes.namespaces and grant the controller's "
                    + "Role in that Kubernetes namespace");
        }
        return ns;
    }

    /** The function namespace of objects in a Kubernetes namespace. */
    public String functionNamespace(String kubernetesNamespace) {
        return functions.equals(kubernetesNamespace) ? FunctionKey.DEFAULT_NAMESPACE : kubernetesNamespace;
    }

    /** Every Kubernetes namespace this controller serves, the functions namespace first. */
    public List<String> served() {
        return List.copyOf(served);
    }
}
