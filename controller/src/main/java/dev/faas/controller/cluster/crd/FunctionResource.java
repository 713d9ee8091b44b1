package dev.faas.controller.cluster.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The {@code Function} custom resource ({@code functions.faas.dev/v1alpha1}, CRD in {@code charts/faas/crds}): a
 * function deployed with {@code kubectl apply}, named by its metadata, reconciled like an API deployment.
 */
@Group(FunctionResource.GROUP)
@Version(FunctionResource.VERSION)
@Kind("Function")
@Plural("functions")
@Singular("function")
public class FunctionResource extends CustomResource<FunctionResourceSpec, FunctionResourceStatus> implements Namespaced {
    public static final String GROUP = "faas.dev";
    public static final String VERSION = "v1alpha1";
}
