package dev.faas.charts;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller may do what its backend does, in the functions' namespace, and nothing else. */
@EnableKubernetesMockClient(https = false, crud = true)
class ChartRbacTest {

    KubernetesMockServer server;
    FaasChart chart;

    @BeforeEach
    void chart() {
        chart = FaasChart.against(server);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theRoleGrantsExactlyWhatTheBackendCalls(Backend backend) {
        RenderedRelease release = chart.render(Map.of("backend", backend.value));

        Role role = release.one(Role.class, "faas-controller");
        Set<Grant> granted = Grant.of(role.getRules());
        Set<Grant> beyond = new LinkedHashSet<>(granted);
        beyond.removeAll(backend.expectedGrants());
        Set<Grant> missing = new LinkedHashSet<>(backend.expectedGrants());
        missing.removeAll(granted);
        assertTrue(beyond.isEmpty(), "the " + backend.value + " Role grants more than the backend calls: " + beyond);
        assertTrue(missing.isEmpty(), "the " + backend.value + " Role lacks what the backend calls: " + missing);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void withoutFunctionResourcesTheRoleGrantsNothingOnFaasDev(Backend backend) {
        RenderedRelease release = chart.render(Map.of("backend", backend.value, "functionResources.enabled", false));

        assertEquals(backend.expectedGrants(false), Grant.of(release.one(Role.class, "faas-controller").getRules()));
        assertEquals(false, ((Map<?, ?>) ((Map<?, ?>) release.applicationYml("controller").get("faas")).get("kubernetes"))
                .get("function-resources"), "the controller still watches Function resources");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void noRuleUsesWildcardsOrNamesNonResourceUrls(Backend backend) {
        RenderedRelease release = chart.render(Map.of("backend", backend.value));

        for (PolicyRule rule : release.one(Role.class, "faas-controller").getRules()) {
            for (List<String> names : List.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())) {
                assertFalse(names.isEmpty(), "a rule with an empty list: " + rule);
                assertTrue(names.stream().noneMatch(n -> n.contains("*")), "a wildcard in " + rule);
            }
            assertTrue(rule.getNonResourceURLs().isEmpty(), "a non-resource URL in " + rule);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void permissionsAreNamespacedAndBoundToTheControllerOnly(Backend backend) {
        RenderedRelease release = chart.render(Map.of("backend", backend.value));

        assertTrue(release.all(ClusterRole.class).isEmpty(), "a ClusterRole is rendered");
        assertTrue(release.all(ClusterRoleBinding.class).isEmpty(), "a ClusterRoleBinding is rendered");
        RoleBinding binding = release.one(RoleBinding.class, "faas-controller");
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals("faas-controller", binding.getRoleRef().getName());
        assertEquals(1, binding.getSubjects().size(), "subjects: " + binding.getSubjects());
        var subject = binding.getSubjects().get(0);
        assertEquals("ServiceAccount", subject.getKind());
        assertEquals(FaasChart.RELEASE_NAMESPACE, subject.getNamespace());
        Deployment controller = release.controller();
        assertEquals(controller.getSpec().getTemplate().getSpec().getServiceAccountName(), subject.getName(),
                "the Role is bound to the controller's ServiceAccount");
        release.one(ServiceAccount.class, subject.getName());
    }

    @Test
    void theRouterHasNoPermissionsAndNoToken() {
        RenderedRelease release = chart.render(Map.of());

        var router = release.router().getSpec().getTemplate().getSpec();
        assertNotEquals(release.controller().getSpec().getTemplate().getSpec().getServiceAccountName(), router.getServiceAccountName());
        assertFalse(router.getAutomountServiceAccountToken(), "the router's pods mount an API token");
        assertFalse(release.one(ServiceAccount.class, router.getServiceAccountName()).getAutomountServiceAccountToken());
        for (RoleBinding binding : release.all(RoleBinding.class)) {
            assertTrue(binding.getSubjects().stream().noneMatch(s -> s.getName().equals(router.getServiceAccountName())),
                    "the router's ServiceAccount is bound by " + binding.getMetadata().getName());
        }
    }

    @Test
    void theRoleLivesInTheFunctionNamespace() {
        RenderedRelease sameNamespace = chart.render(Map.of());
        assertEquals(FaasChart.RELEASE_NAMESPACE, sameNamespace.one(Role.class, "faas-controller").getMetadata().getNamespace());

        RenderedRelease elsewhere = chart.render(Map.of("functionNamespace", "faas-fn"));
        assertEquals("faas-fn", elsewhere.one(Role.class, "faas-controller").getMetadata().getNamespace());
        assertEquals("faas-fn", elsewhere.one(RoleBinding.class, "faas-controller").getMetadata().getNamespace());
        assertEquals(FaasChart.RELEASE_NAMESPACE, elsewhere.controller().getMetadata().getNamespace());
    }

    @Test
    void everyExtraFunctionNamespaceGetsTheSameRoleAndTheControllerIsToldOfIt() {
        RenderedRelease release = chart.render(Map.of("extraFunctionNamespaces", List.of("team-a", "team-b")));

        List<Role> functionRoles = release.all(Role.class).stream().filter(r -> r.getMetadata().getName().equals("faas-controller")).toList();
        List<String> roleNamespaces = functionRoles.stream().map(r -> r.getMetadata().getNamespace()).toList();
        assertEquals(List.of(FaasChart.RELEASE_NAMESPACE, "team-a", "team-b"), roleNamespaces);
        for (Role role : functionRoles) {
            assertEquals(Backend.KUBERNETES.expectedGrants(), Grant.of(role.getRules()), "Role in " + role.getMetadata().getNamespace());
        }
        assertEquals(roleNamespaces, release.all(RoleBinding.class).stream().filter(b -> b.getMetadata().getName().equals("faas-controller"))
                .map(b -> b.getMetadata().getNamespace()).toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> kubernetes = (Map<String, Object>) ((Map<String, Object>) release.applicationYml("controller").get("faas")).get("kubernetes");
        assertEquals(FaasChart.RELEASE_NAMESPACE, kubernetes.get("namespace"));
        assertEquals("team-a,team-b", kubernetes.get("namespaces"));
    }

    @Test
    void theControllerMayListConfigMapsInItsOwnNamespaceOnly() {
        RenderedRelease release = chart.render(Map.of("functionNamespace", "faas-fn"));

        Role config = release.one(Role.class, "faas-controller-config");
        assertEquals(FaasChart.RELEASE_NAMESPACE, config.getMetadata().getNamespace());
        assertEquals(Set.of(new Grant("", "configmaps", "list")), Grant.of(config.getRules()));
        RoleBinding binding = release.one(RoleBinding.class, "faas-controller-config");
        assertEquals(FaasChart.RELEASE_NAMESPACE, binding.getMetadata().getNamespace());
        assertEquals("faas-controller-config", binding.getRoleRef().getName());
        assertEquals(List.of("faas-controller"), binding.getSubjects().stream().map(s -> s.getName()).toList());
        assertEquals(2, release.all(Role.class).size(), "Roles: one for the functions' namespace, one for the config");
    }

    /**
     * The controller's ClusterPermissionsTest records every request a function's life sends and keeps the rules
     * they need in {@code controller/src/test/resources/cluster-rbac.yaml}: the chart must grant exactly those.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theRoleGrantsExactlyTheRequestsTheControllerWasRecordedMaking(Backend backend) throws IOException {
        Path recorded = FaasChart.chartDir().resolve("../../controller/src/test/resources/cluster-rbac.yaml").normalize();
        assertTrue(Files.exists(recorded), recorded + " is missing: the controller's ClusterPermissionsTest keeps it");
        @SuppressWarnings("unchecked")
        Map<String, List<Map<String, List<String>>>> rules = RenderedRelease.SERIALIZATION.unmarshal(Files.readString(recorded), Map.class);
        Set<Grant> needed = Grant.of(rules.get(backend.value).stream().map(rule -> new PolicyRuleBuilder()
                .withApiGroups(rule.get("apiGroups")).withResources(rule.get("resources")).withVerbs(rule.get("verbs")).build()).toList());

        RenderedRelease release = chart.render(Map.of("backend", backend.value));

        assertEquals(needed, Grant.of(release.one(Role.class, "faas-controller").getRules()));
        assertEquals(needed, backend.expectedGrants(), "Backend.java differs from the recorded rules");
    }

    @Test
    void anUnknownBackendIsRefusedWithTheChoices() {
        String message = chart.renderFailure(Map.of("backend", "docker"));

        assertTrue(message.contains("backend"), message);
        assertTrue(message.contains("kubernetes") && message.contains("knative"), message);
    }
}
