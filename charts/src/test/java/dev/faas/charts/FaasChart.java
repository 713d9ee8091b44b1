package dev.faas.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The chart {@code charts/faas}, linted and rendered in-process by helm-java against a mock API server. */
final class FaasChart {

    static final String RELEASE = "faas";
    static final String RELEASE_NAMESPACE = "faas-system";

    private final Path dir;

    private FaasChart(Path dir) {
        this.dir = dir;
    }

    /**
     * The chart, its {@code lookup} calls answered by {@code server}. helm-java renders like
     * {@code helm install --dry-run}, which reaches the cluster of {@code $KUBECONFIG}: the file the build names
     * is pointed at the mock server, and the core API's discovery document is served so that lookups resolve.
     */
    static FaasChart against(KubernetesMockServer server) {
        serveCoreDiscovery(server);
        writeKubeconfig(server.createClient().getConfiguration().getMasterUrl());
        return new FaasChart(chartDir());
    }

    static Path chartDir() {
        String dir = System.getProperty("faas.chart.dir");
        if (dir == null) {
            throw new IllegalStateException("system property faas.chart.dir is not set: run the tests with Maven (charts/pom.xml sets it)");
        }
        return Path.of(dir);
    }

    LintResult lint() {
        return new Helm(dir).lint().strict().call();
    }

    /**
     * Renders the chart with {@code values} (dotted keys, e.g. {@code credentials.existingSecret}; lists allowed),
     * given to Helm as a values file: helm-java's {@code set} quotes list syntax.
     */
    RenderedRelease render(Map<String, ?> values) {
        TemplateCommand template = new Helm(dir).template().withName(RELEASE).withNamespace(RELEASE_NAMESPACE);
        try {
            Path file = Files.createTempFile("faas-values-", ".yaml");
            try {
                Files.writeString(file, RenderedRelease.SERIALIZATION.asYaml(nested(values)));
                return RenderedRelease.parse(template.withValuesFile(file).call());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the values file", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, ?> dotted) {
        Map<String, Object> root = new LinkedHashMap<>();
        dotted.forEach((key, value) -> {
            String[] path = key.split("\\.");
            Map<String, Object> map = root;
            for (int i = 0; i < path.length - 1; i++) {
                map = (Map<String, Object>) map.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
            }
            map.put(path[path.length - 1], value);
        });
        return root;
    }

    /** The message Helm fails with for {@code values}; fails the test when the chart renders. */
    String renderFailure(Map<String, ?> values) {
        try {
            render(values);
        } catch (IllegalStateException expected) {
            return expected.getMessage();
        }
        throw new AssertionError("the chart rendered with " + values + ", but should have been refused");
    }

    private static void serveCoreDiscovery(KubernetesMockServer server) {
        var secrets = new APIResourceBuilder().withName("secrets").withKind("Secret").withNamespaced(true)
                .withVerbs("get", "list", "create", "update", "patch", "delete").withSingularName("secret").build();
        var discovery = new APIResourceListBuilder().withGroupVersion("v1").withResources(secrets).build();
        server.expect().get().withPath("/api/v1?timeout=32s").andReturn(200, discovery).always();
        server.expect().get().withPath("/api/v1").andReturn(200, discovery).always();
    }

    private static void writeKubeconfig(String masterUrl) {
        String file = System.getenv("KUBECONFIG");
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("KUBECONFIG is not set: charts/pom.xml points it at a file the tests own, "
                    + "so that rendering never reaches a real cluster; run the tests with Maven");
        }
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s"}
                users:
                  - name: mock
                    user: {token: mock}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: mock}
                current-context: mock
                """.formatted(masterUrl);
        try {
            Files.createDirectories(Path.of(file).toAbsolutePath().getParent());
            Files.writeString(Path.of(file), kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test kubeconfig " + file, e);
        }
    }
}
