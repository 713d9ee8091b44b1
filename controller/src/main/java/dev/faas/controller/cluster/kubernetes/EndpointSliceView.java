package dev.faas.controller.cluster.kubernetes;

import dev.faas.controller.cluster.ClusterCall;
import dev.faas.controller.cluster.ClusterNamespaces;
import dev.faas.controller.cluster.ObjectChanges;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.runtime.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The ready pods of every function, from the EndpointSlices Kubernetes keeps for their Services: one fabric8
 * informer per served namespace (list + watch), whose cache answers {@link #ready} without calling the API server.
 * An endpoint counts when it is ready and not terminating, so a pod being scaled down leaves the routers' view
 * before it stops.
 */
@Singleton
@Requires(property = "faas.backend", value = "kubernetes")
public class EndpointSliceView {
    static final String SERVICE_NAME = "kubernetes.io/service-name";

    private final KubernetesClient client;
    private final ClusterNamespaces namespaces;
    private final Map<String, SharedIndexInformer<EndpointSlice>> informers = new ConcurrentHashMap<>();
    private final List<Consumer<FunctionKey>> listeners = new CopyOnWriteArrayList<>();

    public EndpointSliceView(KubernetesClient client, ClusterNamespaces namespaces) {
        this.client = client;
        this.namespaces = namespaces;
    }

    /** Starts watching every served namespace (waits for the first list of each). */
    public void start() {
        namespaces.served().forEach(this::informer);
    }

    /** Calls {@code listener} with the function whose slices changed. */
    public void onChange(Consumer<FunctionKey> listener) {
        listeners.add(listener);
    }

    /** The ready, non-terminating endpoints of the function's Service in {@code namespace}. */
    public List<Endpoint> ready(String namespace, String service) {
        List<Endpoint> ready = new ArrayList<>();
        for (EndpointSlice slice : informer(namespace).getStore().list()) {
            if (!service.equals(labels(slice).get(SERVICE_NAME))) {
                continue;
            }
            Integer port = port(slice);
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            for (var endpoint : slice.getEndpoints()) {
                var conditions = endpoint.getConditions();
                // The API says an unknown "ready" is to be read as ready; terminating pods are on their way out.
                boolean isReady = conditions == null || !Boolean.FALSE.equals(conditions.getReady());
                boolean terminating = conditions != null && Boolean.TRUE.equals(conditions.getTerminating());
                if (!isReady || terminating || endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
                    continue;
                }
                String address = endpoint.getAddresses().get(0);
                String id = endpoint.getTargetRef() != null && endpoint.getTargetRef().getName() != null
                        ? endpoint.getTargetRef().getName() : address;
                String host = address.contains(":") ? "[" + address + "]" : address;
                ready.add(new Endpoint(id, URI.create("http://" + host + ":" + port)));
            }
        }
        ready.sort(java.util.Comparator.comparing(Endpoint::id));
        return ready;
    }

    private SharedIndexInformer<EndpointSlice> informer(String namespace) {
        return informers.computeIfAbsent(namespace, ns -> ClusterCall.run(
                "list and watch EndpointSlices in namespace '" + ns + "'",
                () -> client.discovery().v1().endpointSlices().inNamespace(ns)
                        .inform(ObjectChanges.to(this::changed), 0)));
    }

    private void changed(EndpointSlice slice) {
        String service = labels(slice).get(SERVICE_NAME);
        if (service == null) {
            return;
        }
        FunctionKey key;
        try {
            key = new FunctionKey(namespaces.functionNamespace(slice.getMetadata().getNamespace()), service);
        } catch (RuntimeException e) {
            return; // a Service whose name is no function name is none of ours
        }
        listeners.forEach(l -> l.accept(key));
    }

    private static Integer port(EndpointSlice slice) {
        if (slice.getPorts() == null) {
            return null;
        }
        return slice.getPorts().stream()
                .filter(p -> ServiceManifest.PORT_NAME.equals(p.getName()) || slice.getPorts().size() == 1)
                .map(EndpointPort::getPort).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static Map<String, String> labels(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    @PreDestroy
    void close() {
        informers.values().forEach(SharedIndexInformer::close);
    }
}
