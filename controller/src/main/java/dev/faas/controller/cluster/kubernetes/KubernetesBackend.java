package dev.faas.controller.cluster.kubernetes;

import dev.faas.controller.cluster.ClusterBackend;
import dev.faas.controller.cluster.ClusterCall;
import dev.faas.controller.cluster.ClusterFunction;
import dev.faas.controller.cluster.ClusterLabels;
import dev.faas.controller.cluster.ClusterNamespaces;
import dev.faas.controller.cluster.FunctionSecretObject;
import dev.faas.controller.cluster.PodLogs;
import dev.faas.controller.cluster.SpecAnnotation;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;
import dev.faas.controller.runtime.Endpoint;
import dev.faas.controller.runtime.LogLine;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code faas.backend: kubernetes}: a function is a Deployment, a Service and (when it names secrets) a Secret,
 * all named after it in its Kubernetes namespace. The controller's autoscaler sets the Deployment's replicas
 * (a merge patch of {@code spec.replicas}); ready pods come from the Service's EndpointSlices.
 */
@Singleton
@Requires(property = "faas.backend", value = "kubernetes")
public class KubernetesBackend implements ClusterBackend {
    private final KubernetesClient client;
    private final ClusterNamespaces namespaces;
    private final DeploymentManifest deployments;
    private final SpecAnnotation specs;
    private final EndpointSliceView endpoints;

    public KubernetesBackend(KubernetesClient client, ClusterNamespaces namespaces, DeploymentManifest deployments,
                             SpecAnnotation specs, EndpointSliceView endpoints) {
        this.client = client;
        this.namespaces = namespaces;
        this.deployments = deployments;
        this.specs = specs;
        this.endpoints = endpoints;
    }

    @Override
    public void validate(FunctionSpec spec) {
        namespaces.of(spec.key());
        // A Service name is a DNS-1035 label: a DNS-1123 label that starts with a letter.
        if (!Character.isLetter(spec.service().charAt(0))) {
            throw new InvalidFunctionException("function name '" + spec.service() + "' must start with a letter on "
                    + "the kubernetes backend (it names the function's Service)");
        }
    }

    @Override
    public void apply(FunctionSpec spec, int replicas, Map<String, byte[]> secrets) {
        String ns = namespaces.of(spec.key());
        String secretName = FunctionSecretObject.apply(client, ns, spec.key(), secrets);
        Deployment deployment = deployments.build(spec, ns, replicas, secretName);
        ClusterCall.run(what("write", "Deployment", spec.service(), ns),
                () -> client.apps().deployments().inNamespace(ns).resource(deployment)
                        .createOr(NonDeletingOperation::update));
        var service = client.services().inNamespace(ns).withName(spec.service());
        // The Service never changes between versions; an update would have to carry its allocated cluster IP.
        if (ClusterCall.run(what("read", "Service", spec.service(), ns), service::get) == null) {
            ClusterCall.run(what("create", "Service", spec.service(), ns),
                    () -> client.services().inNamespace(ns).resource(ServiceManifest.build(spec.key(), ns)).create());
        }
    }

    @Override
    public void scale(FunctionKey key, int replicas) {
        String ns = namespaces.of(key);
        ClusterCall.run(what("scale", "Deployment", key.name(), ns) + " to " + replicas,
                () -> client.apps().deployments().inNamespace(ns).withName(key.name())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}"));
    }

    @Override
    public void delete(FunctionKey key) {
        String ns = namespaces.of(key);
        ClusterCall.run(what("delete", "Deployment", key.name(), ns),
                () -> client.apps().deployments().inNamespace(ns).withName(key.name()).delete());
        ClusterCall.run(what("delete", "Service", key.name(), ns),
                () -> client.services().inNamespace(ns).withName(key.name()).delete());
        FunctionSecretObject.delete(client, ns, key);
    }

    @Override
    public Optional<ClusterFunction> find(FunctionKey key) {
        String ns = namespaces.of(key);
        Deployment d = ClusterCall.run(what("read", "Deployment", key.name(), ns),
                () -> client.apps().deployments().inNamespace(ns).withName(key.name()).get());
        return Optional.ofNullable(d).filter(KubernetesBackend::ours).flatMap(this::toFunction);
    }

    @Override
    public List<ClusterFunction> discover() {
        List<ClusterFunction> found = new ArrayList<>();
        for (String ns : namespaces.served()) {
            ClusterCall.run("list Deployments in namespace '" + ns + "'",
                    () -> client.apps().deployments().inNamespace(ns)
                            .withLabel(ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER).list())
                    .getItems().forEach(d -> toFunction(d).ifPresent(found::add));
        }
        return found;
    }

    @Override
    public List<Endpoint> readyEndpoints(FunctionKey key) {
        return endpoints.ready(namespaces.of(key), key.name());
    }

    @Override
    public void onEndpointsChanged(Consumer<FunctionKey> listener) {
        endpoints.onChange(listener);
        endpoints.start();
    }

    @Override
    public boolean scalesItself() {
        return false;
    }

    @Override
    public List<LogLine> logs(FunctionKey key, int tail) {
        return PodLogs.read(client, namespaces.of(key), key, tail);
    }

    @Override
    public AutoCloseable followLogs(FunctionKey key, int tail, Consumer<LogLine> sink, Runnable onEnd) {
        return PodLogs.follow(client, namespaces.of(key), key, tail, sink, onEnd);
    }

    private Optional<ClusterFunction> toFunction(Deployment d) {
        int replicas = d.getSpec() != null && d.getSpec().getReplicas() != null ? d.getSpec().getReplicas() : 1;
        return specs.read(d).map(spec -> new ClusterFunction(spec, replicas));
    }

    private static boolean ours(Deployment d) {
        var labels = d.getMetadata().getLabels();
        return labels != null && ClusterLabels.MANAGER.equals(labels.get(ClusterLabels.MANAGED_BY));
    }

    private static String what(String verb, String kind, String name, String ns) {
        return verb + " " + kind + " '" + name + "' in namespace '" + ns + "'";
    }
}
