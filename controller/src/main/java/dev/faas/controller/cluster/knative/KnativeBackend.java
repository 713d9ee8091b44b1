package dev.faas.controller.cluster.knative;

import dev.faas.controller.autoscaler.ScalingPolicy;
import dev.faas.controller.cluster.ClusterBackend;
import dev.faas.controller.cluster.ClusterCall;
import dev.faas.controller.cluster.ClusterFunction;
import dev.faas.controller.cluster.ClusterLabels;
import dev.faas.controller.cluster.ClusterNamespaces;
import dev.faas.controller.cluster.FunctionSecretObject;
import dev.faas.controller.cluster.ObjectChanges;
import dev.faas.controller.cluster.PlatformWake;
import dev.faas.controller.cluster.PodLogs;
import dev.faas.controller.cluster.SpecAnnotation;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;
import dev.faas.controller.runtime.Endpoint;
import dev.faas.controller.runtime.LogLine;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * {@code faas.backend: knative}: a function is a Knative Service (and a Secret when it names secrets). Knative
 * scales it, to zero and back, from the mapped annotations; the function is ready while the Service's
 * {@code Ready} condition is {@code True}, and routers call its route (the Service's cluster-local address), through
 * which Knative's activator holds calls while a revision scales from zero.
 */
@Singleton
@Requires(property = "faas.backend", value = "knative")
public class KnativeBackend implements ClusterBackend {
    private final KubernetesClient client;
    private final KnativeClient knative;
    private final ClusterNamespaces namespaces;
    private final KnativeServiceManifest manifests;
    private final SpecAnnotation specs;
    private final Duration defaultIdle;
    private final Map<String, SharedIndexInformer<Service>> informers = new ConcurrentHashMap<>();
    private final List<Consumer<FunctionKey>> listeners = new CopyOnWriteArrayList<>();
    private final List<RevisionWakes> wakes = new CopyOnWriteArrayList<>();

    public KnativeBackend(KubernetesClient client, ClusterNamespaces namespaces, KnativeServiceManifest manifests,
                          SpecAnnotation specs, @Value("${faas.autoscaler.idle-timeout:5m}") Duration defaultIdle) {
        this.client = client;
        this.knative = client.adapt(KnativeClient.class);
        this.namespaces = namespaces;
        this.manifests = manifests;
        this.specs = specs;
        this.defaultIdle = defaultIdle;
    }

    @Override
    public void validate(FunctionSpec spec) {
        namespaces.of(spec.key());
        if (!Character.isLetter(spec.service().charAt(0))) {
            throw new InvalidFunctionException("function name '" + spec.service() + "' must start with a letter on "
                    + "the knative backend (it names the function's Knative Service)");
        }
        if (spec.envVars().containsKey("PORT")) {
            throw new InvalidFunctionException("env var PORT of function '" + spec.service() + "' cannot be set on "
                    + "the knative backend: Knative sets it; remove it from envVars");
        }
    }

    @Override
    public void apply(FunctionSpec spec, int replicas, Map<String, byte[]> secrets) {
        String ns = namespaces.of(spec.key());
        String secretName = FunctionSecretObject.apply(client, ns, spec.key(), secrets);
        Service service = manifests.build(spec, ScalingPolicy.of(spec, defaultIdle), ns, null, secretName);
        ClusterCall.run(what("write", spec.service(), ns),
                () -> knative.services().inNamespace(ns).resource(service).createOr(NonDeletingOperation::update));
    }

    /** Knative scales by itself; a replica count asked for (faas scale) becomes the minimum scale. */
    @Override
    public void scale(FunctionKey key, int replicas) {
        String ns = namespaces.of(key);
        String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + KnativeServiceManifest.MIN_SCALE
                + "\":\"" + replicas + "\"}}}}}";
        ClusterCall.run(what("set the minimum scale of", key.name(), ns) + " to " + replicas,
                () -> knative.services().inNamespace(ns).withName(key.name()).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    @Override
    public void delete(FunctionKey key) {
        String ns = namespaces.of(key);
        ClusterCall.run(what("delete", key.name(), ns), () -> knative.services().inNamespace(ns).withName(key.name()).delete());
        FunctionSecretObject.delete(client, ns, key);
    }

    @Override
    public Optional<ClusterFunction> find(FunctionKey key) {
        String ns = namespaces.of(key);
        Service s = ClusterCall.run(what("read", key.name(), ns), () -> knative.services().inNamespace(ns).withName(key.name()).get());
        return Optional.ofNullable(s).filter(KnativeBackend::ours).flatMap(this::toFunction);
    }

    @Override
    public List<ClusterFunction> discover() {
        List<ClusterFunction> found = new ArrayList<>();
        for (String ns : namespaces.served()) {
            ClusterCall.run("list Knative Services in namespace '" + ns + "'",
                    () -> knative.services().inNamespace(ns).withLabel(ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER).list())
                    .getItems().forEach(s -> toFunction(s).ifPresent(found::add));
        }
        return found;
    }

    /** The Service's route, while its Ready condition is True. */
    @Override
    public List<Endpoint> readyEndpoints(FunctionKey key) {
        String ns = namespaces.of(key);
        Service s = informer(ns).getStore().getByKey(ns + "/" + key.name());
        if (s == null || s.getStatus() == null || !KnativeReadiness.isReady(s)) {
            return List.of();
        }
        URI url = KnativeReadiness.route(s);
        if (url == null) {
            return List.of();
        }
        String revision = s.getStatus().getLatestReadyRevisionName();
        return List.of(new Endpoint(revision != null ? revision : key.name(), url));
    }

    @Override
    public void onEndpointsChanged(Consumer<FunctionKey> listener) {
        listeners.add(listener);
        namespaces.served().forEach(this::informer);
    }

    @Override
    public boolean scalesItself() {
        return true;
    }

    @Override
    public void onPlatformWake(Consumer<PlatformWake> listener) {
        wakes.add(new RevisionWakes(knative, namespaces, listener).start());
    }

    @Override
    public List<LogLine> logs(FunctionKey key, int tail) {
        return PodLogs.read(client, namespaces.of(key), key, tail);
    }

    @Override
    public AutoCloseable followLogs(FunctionKey key, int tail, Consumer<LogLine> sink, Runnable onEnd) {
        return PodLogs.follow(client, namespaces.of(key), key, tail, sink, onEnd);
    }

    private SharedIndexInformer<Service> informer(String namespace) {
        return informers.computeIfAbsent(namespace, ns -> ClusterCall.run(
                "list and watch Knative Services in namespace '" + ns + "'",
                () -> knative.services().inNamespace(ns).withLabel(ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER)
                        .inform(ObjectChanges.to(this::changed), 0)));
    }

    private void changed(Service s) {
        FunctionKey key = new FunctionKey(namespaces.functionNamespace(s.getMetadata().getNamespace()),
                s.getMetadata().getName());
        listeners.forEach(l -> l.accept(key));
    }

    private Optional<ClusterFunction> toFunction(Service s) {
        return specs.read(s).map(spec -> new ClusterFunction(spec, minScale(s)));
    }

    private static int minScale(Service s) {
        try {
            return Integer.parseInt(s.getSpec().getTemplate().getMetadata().getAnnotations()
                    .getOrDefault(KnativeServiceManifest.MIN_SCALE, "0"));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static boolean ours(Service s) {
        var labels = s.getMetadata().getLabels();
        return labels != null && ClusterLabels.MANAGER.equals(labels.get(ClusterLabels.MANAGED_BY));
    }

    private static String what(String verb, String name, String ns) {
        return verb + " Knative Service '" + name + "' in namespace '" + ns + "'";
    }

    @PreDestroy
    void close() {
        informers.values().forEach(SharedIndexInformer::close);
        wakes.forEach(RevisionWakes::close);
    }
}
