package dev.faas.charts;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Everything the chart renders, with every option on, is a Kubernetes object with only fields its type has. */
@EnableKubernetesMockClient(https = false, crud = true)
class ChartRenderingTest {

    KubernetesMockServer server;
    FaasChart chart;

    @BeforeEach
    void chart() {
        chart = FaasChart.against(server);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyObjectIsATypedKubernetesObjectWithoutUnknownFields(Backend backend) {
        RenderedRelease release = chart.render(Map.of(
                "backend", backend.value,
                "functionNamespace", "faas-fn",
                "extraFunctionNamespaces", List.of("team-a"),
                "controller.persistence.enabled", true,
                "controller.persistence.storageClass", "fast",
                "registry.server", "registry.example.com:5000",
                "imagePullSecrets", List.of(Map.of("name", "pull")),
                "serviceAccount.annotations", Map.of("example.com/role", "faas")));

        assertFalse(release.objects().isEmpty());
        for (HasMetadata object : release.objects()) {
            String name = object.getKind() + "/" + object.getMetadata().getName();
            assertFalse(object instanceof GenericKubernetesResource, name + " is not a kind fabric8 knows");
            assertEquals(List.of(), UnknownFields.in(object), name + " has fields its type lacks");
            assertEquals("faas", object.getMetadata().getLabels().get("app.kubernetes.io/instance"), name + " lacks the release label");
        }
        PersistentVolumeClaim claim = release.one(PersistentVolumeClaim.class, "faas-controller-state");
        assertEquals("fast", claim.getSpec().getStorageClassName());
        assertEquals(claim.getMetadata().getName(), release.controller().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("state")).findFirst().orElseThrow().getPersistentVolumeClaim().getClaimName());
    }

    @Test
    void aMisspeltFieldIsFound() {
        SecurityContext misspelt = new SecurityContextBuilder().withAllowPrivilegeEscalation(false).build();
        misspelt.setAdditionalProperty("readOnlyRootFileSystem", true);

        assertEquals(List.of("readOnlyRootFileSystem"), UnknownFields.in(misspelt));
        var deployment = new DeploymentBuilder().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("c").withSecurityContext(misspelt).endContainer()
                .endSpec().endTemplate().endSpec().build();
        assertEquals(List.of("spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem"), UnknownFields.in(deployment));
    }

    @Test
    void withoutPersistenceTheStateIsAnEmptyDirAndNoClaimIsRendered() {
        RenderedRelease release = chart.render(Map.of());

        assertTrue(release.all(PersistentVolumeClaim.class).isEmpty());
        assertTrue(release.controller().getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getName().equals("state") && v.getEmptyDir() != null));
    }
}
