package dev.faas.controller.cluster.kubernetes;

import dev.faas.controller.cluster.ClusterLabels;
import dev.faas.controller.cluster.FunctionContainer;
import dev.faas.controller.function.FunctionKey;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * The ClusterIP Service of a function. The router calls pods directly; the Service is what makes Kubernetes keep
 * the EndpointSlices that tell the controller which pods are ready (and lets other workloads call the function).
 */
public final class ServiceManifest {
    /** The port name in the Service and its EndpointSlices. */
    public static final String PORT_NAME = "http";

    private ServiceManifest() {
    }

    /** The Service named after the function. */
    public static Service build(FunctionKey key, String namespace) {
        return new ServiceBuilder()
                .withNewMetadata().withName(key.name()).withNamespace(namespace).withLabels(ClusterLabels.of(key))
                .endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(ClusterLabels.selector(key))
                    .addNewPort().withName(PORT_NAME).withProtocol("TCP").withPort(FunctionContainer.PORT)
                        .withTargetPort(new IntOrString(PORT_NAME)).endPort()
                .endSpec()
                .build();
    }
}
