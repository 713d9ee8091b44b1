package dev.faas.controller.cluster;

import dev.faas.controller.testsupport.RuntimeFixture;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A controller on a cluster backend against fabric8's mock API server (CRUD mode), and what the cluster would do. */
final class ClusterFixture {
    static final String NAMESPACE = "faas-fn";

    private final RuntimeFixture runtime;
    private final KubernetesClient client;
    private final String backend;

    ClusterFixture(Path stateDir, KubernetesClient client, String backend) {
        this.runtime = new RuntimeFixture(stateDir);
        this.client = client;
        this.backend = backend;
    }

    /** Starts a controller whose backend talks to the mock server. */
    EmbeddedServer start(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("faas.backend", backend);
        props.put("faas.test.in-memory-store", "false");
        props.put("faas.kubernetes.master-url", client.getMasterUrl().toString());
        props.put("faas.kubernetes.trust-certificates", true);
        props.put("faas.kubernetes.namespace", NAMESPACE);
        props.put("faas.gateway-url", "http://faas-router.faas:8080");
        props.putAll(overrides);
        return runtime.start(props);
    }

    /** An authenticated call to the controller. */
    HttpResponse<String> call(EmbeddedServer server, String method, String path, String json) {
        return runtime.call(server, method, path, json);
    }

    /** What Kubernetes' EndpointSlice controller writes once a pod of the function's Service is ready. */
    void podBecameReady(String service, String pod, String ip) {
        EndpointSlice slice = new EndpointSliceBuilder()
                .withNewMetadata().withName(service + "-" + pod.hashCode() % 1000 + "x").withNamespace(NAMESPACE)
                    .addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .addNewEndpoint().withAddresses(ip)
                    .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                    .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withName(pod).withNamespace(NAMESPACE).build())
                .endEndpoint()
                .build();
        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(slice).create();
    }
}
