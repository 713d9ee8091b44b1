package dev.faas.charts;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the chart installs goes into an API server (fabric8's mock, CRUD mode) and comes back unchanged; Functions work through the CRD. */
@EnableKubernetesMockClient(https = false, crud = true)
class ChartOnMockClusterTest {

    static final String FUNCTIONS = "faas-fn";

    KubernetesMockServer server;
    KubernetesClient client;
    FaasChart chart;

    @BeforeEach
    void chart() {
        chart = FaasChart.against(server);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theRenderedManifestsApplyAndReadBackUnchanged(Backend backend) {
        RenderedRelease release = chart.render(Map.of("backend", backend.value, "functionNamespace", FUNCTIONS));

        client.resource(functionCrd()).create();
        release.objects().forEach(object -> client.resource(object).create());

        for (HasMetadata object : release.objects()) {
            HasMetadata stored = client.resource(object).get();
            assertNotNull(stored, object.getKind() + "/" + object.getMetadata().getName() + " was not stored");
            assertEquals(withoutServerFields(object), withoutServerFields(stored),
                    object.getKind() + "/" + object.getMetadata().getName() + " came back changed");
        }
        List<Deployment> deployments = client.apps().deployments().inNamespace(FaasChart.RELEASE_NAMESPACE)
                .withLabel("app.kubernetes.io/instance", FaasChart.RELEASE).list().getItems();
        assertEquals(2, deployments.size());
        Role role = client.rbac().roles().inNamespace(FUNCTIONS).withName("faas-controller").get();
        assertEquals(backend.expectedGrants(), Grant.of(role.getRules()));
    }

    @Test
    void anUpgradeAppliesOverAnInstall() {
        RenderedRelease install = chart.render(Map.of());
        install.objects().forEach(object -> client.resource(object).create());

        RenderedRelease upgrade = chart.render(Map.of("backend", "knative", "router.replicas", 3));
        upgrade.objects().forEach(object -> client.resource(object).update());

        assertEquals(3, client.apps().deployments().inNamespace(FaasChart.RELEASE_NAMESPACE).withName("faas-router").get()
                .getSpec().getReplicas());
        Role role = client.rbac().roles().inNamespace(FaasChart.RELEASE_NAMESPACE).withName("faas-controller").get();
        assertEquals(Backend.KNATIVE.expectedGrants(), Grant.of(role.getRules()), "the Role still grants the old backend's calls");
    }

    @Test
    void theCrdDefinesANamespacedFunctionWithAStatusSubresource() {
        CustomResourceDefinition crd = functionCrd();

        assertEquals("functions.faas.dev", crd.getMetadata().getName());
        assertEquals("faas.dev", crd.getSpec().getGroup());
        assertEquals("Namespaced", crd.getSpec().getScope());
        assertEquals("Function", crd.getSpec().getNames().getKind());
        assertEquals("functions", crd.getSpec().getNames().getPlural());
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
        assertEquals("v1alpha1", version.getName());
        assertTrue(version.getServed() && version.getStorage());
        assertNotNull(version.getSubresources().getStatus(), "no status subresource: the controller's status writes would change the spec");
        var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertEquals(List.of("image"), spec.getRequired());
        // The fields of the controller's FunctionResourceSpec (the OpenFaaS deployment, less name and namespace).
        assertEquals(Set.of("image", "envProcess", "envVars", "constraints", "secrets", "labels", "annotations",
                "limits", "requests", "readOnlyRootFilesystem"), spec.getProperties().keySet());
        assertEquals(Set.of("observedGeneration", "image", "replicas", "availableReplicas", "conditions"),
                version.getSchema().getOpenAPIV3Schema().getProperties().get("status").getProperties().keySet());
    }

    @Test
    void theNameRuleAcceptsServiceNamesOnly() {
        // The mock server runs no CEL: check the rule's regular expression and length bound on names.
        var rule = functionCrd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getXKubernetesValidations().get(0).getRule();
        var regex = java.util.regex.Pattern.compile("matches\\('(.+)'\\)").matcher(rule);
        assertTrue(regex.find(), rule);
        assertTrue(rule.contains("size(self.metadata.name) <= 63"), rule);
        for (String good : List.of("hello", "a", "orders-v2")) {
            assertTrue(good.matches(regex.group(1)), good);
        }
        for (String bad : List.of("1hello", "Hello", "hello-", "hello.world", "-x")) {
            assertTrue(!bad.matches(regex.group(1)), bad + " accepted");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExampleFunctionConformsAndBadOnesAreRefusedByTheSchema() {
        OpenApiSchema schema = new OpenApiSchema(functionCrd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
        GenericKubernetesResource example = exampleFunction();

        assertEquals(List.of(), schema.problems(asMap(example)));

        GenericKubernetesResource negative = exampleFunction();
        ((Map<String, Object>) negative.getAdditionalProperties().get("spec")).put("limits", Map.of("memory", "-128Mi", "cpu", "-1"));
        List<String> problems = schema.problems(asMap(negative));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(".spec.limits.memory")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(".spec.limits.cpu")), problems.toString());

        GenericKubernetesResource imageless = exampleFunction();
        ((Map<String, Object>) imageless.getAdditionalProperties().get("spec")).remove("image");
        assertEquals(List.of(".spec.image: required"), schema.problems(asMap(imageless)));

        GenericKubernetesResource wrongType = exampleFunction();
        ((Map<String, Object>) wrongType.getAdditionalProperties().get("spec")).put("readOnlyRootFilesystem", "yes");
        assertEquals(List.of(".spec.readOnlyRootFilesystem: not a boolean"), schema.problems(asMap(wrongType)));

        GenericKubernetesResource typo = exampleFunction();
        ((Map<String, Object>) typo.getAdditionalProperties().get("spec")).put("envVar", Map.of("A", "b"));
        assertEquals(List.of(".spec.envVar: unknown field"), schema.problems(asMap(typo)));
    }

    @Test
    void aFunctionIsAppliedThroughTheCrdAndItsStatusWrittenBack() {
        client.resource(functionCrd()).create();
        var functions = functions();

        functions.resource(exampleFunction()).create();
        GenericKubernetesResource stored = functions.withName("hello").get();
        assertEquals(exampleFunction().getAdditionalProperties().get("spec"), stored.getAdditionalProperties().get("spec"));

        stored.getAdditionalProperties().put("status", Map.of(
                "observedGeneration", 1,
                "image", "registry.example.com:5000/default/hello:4f2a9c1e7b3d",
                "availableReplicas", 1,
                "conditions", List.of(Map.of("type", "Ready", "status", "True", "reason", "Deployed",
                        "lastTransitionTime", "2026-01-01T00:00:00Z"))));
        functions.resource(stored).updateStatus();

        GenericKubernetesResource read = functions.withName("hello").get();
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) read.getAdditionalProperties().get("status");
        assertNotNull(status, "the status was not written");
        assertEquals(List.of(Map.of("type", "Ready", "status", "True", "reason", "Deployed",
                "lastTransitionTime", "2026-01-01T00:00:00Z")), status.get("conditions"));
        OpenApiSchema schema = new OpenApiSchema(functionCrd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
        assertEquals(List.of(), schema.problems(asMap(read)), "the status the controller writes must fit the CRD");
        assertEquals(1, functions.list().getItems().size());
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> functions() {
        return client.genericKubernetesResources("faas.dev/v1alpha1", "Function").inNamespace(FUNCTIONS);
    }

    static CustomResourceDefinition functionCrd() {
        return RenderedRelease.SERIALIZATION.unmarshal(read(FaasChart.chartDir().resolve("crds/function.yaml")), CustomResourceDefinition.class);
    }

    static GenericKubernetesResource exampleFunction() {
        Path examples = Path.of(System.getProperty("faas.examples.dir"));
        return RenderedRelease.SERIALIZATION.unmarshal(read(examples.resolve("function.yaml")), GenericKubernetesResource.class);
    }

    /** The object as the API server would see it, minus metadata fields the server assigns. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutServerFields(HasMetadata object) {
        Map<String, Object> map = asMap(object);
        Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) map.get("metadata"));
        List.of("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields").forEach(metadata::remove);
        map.put("metadata", metadata);
        map.remove("status");
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object object) {
        return new LinkedHashMap<>(RenderedRelease.SERIALIZATION.convertValue(object, Map.class));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
