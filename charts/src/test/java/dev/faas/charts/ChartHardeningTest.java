package dev.faas.charts;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pods run as non-root on a read-only root filesystem with no privileges; the controller is reachable only from the router. */
@EnableKubernetesMockClient(https = false, crud = true)
class ChartHardeningTest {

    KubernetesMockServer server;
    FaasChart chart;

    @BeforeEach
    void chart() {
        chart = FaasChart.against(server);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyContainerIsNonRootReadOnlyUnprivilegedWithoutCapabilities(Backend backend) {
        RenderedRelease release = chart.render(Map.of("backend", backend.value));

        List<Deployment> deployments = release.all(Deployment.class);
        assertEquals(2, deployments.size(), "the controller and the router");
        for (Deployment deployment : deployments) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String name = deployment.getMetadata().getName();
            assertTrue(pod.getSecurityContext().getRunAsNonRoot(), name + ": pod runAsNonRoot");
            assertNotEquals(0L, pod.getSecurityContext().getRunAsUser(), name + ": pod runs as uid 0");
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), name);
            assertFalse(Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                    || Boolean.TRUE.equals(pod.getHostIPC()), name + ": shares a host namespace");
            for (Container container : Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList()) {
                String where = name + "/" + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertTrue(security.getRunAsNonRoot(), where + ": runAsNonRoot");
                assertTrue(security.getReadOnlyRootFilesystem(), where + ": readOnlyRootFilesystem");
                assertFalse(security.getAllowPrivilegeEscalation(), where + ": allowPrivilegeEscalation");
                assertFalse(Boolean.TRUE.equals(security.getPrivileged()), where + ": privileged");
                assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), where + ": capabilities dropped");
                assertTrue(security.getCapabilities().getAdd().isEmpty(), where + ": capabilities added");
                assertNotNull(container.getResources().getLimits().get("memory"), where + ": no memory limit");
            }
        }
    }

    @Test
    void theControllersStateDirectoryIsOnAWritableVolume() {
        RenderedRelease release = chart.render(Map.of());

        @SuppressWarnings("unchecked")
        String stateDir = (String) ((Map<String, Object>) release.applicationYml("controller").get("faas")).get("state-dir");
        Container controller = release.controller().getSpec().getTemplate().getSpec().getContainers().get(0);
        VolumeMount mount = controller.getVolumeMounts().stream()
                .filter(m -> stateDir.startsWith(m.getMountPath() + "/") || stateDir.equals(m.getMountPath()))
                .findFirst().orElseThrow(() -> new AssertionError("faas.state-dir " + stateDir + " is on the read-only root filesystem"));
        assertFalse(Boolean.TRUE.equals(mount.getReadOnly()), "the state volume is mounted read-only");
        assertTrue(controller.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")), "no writable /tmp");
    }

    @Test
    void theRouterIsOpenAndTheControllerAcceptsOnlyTheRouter() {
        RenderedRelease release = chart.render(Map.of());
        Map<String, String> routerPods = release.router().getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> controllerPods = release.controller().getSpec().getTemplate().getMetadata().getLabels();

        NetworkPolicy router = release.one(NetworkPolicy.class, "faas-router");
        assertTrue(matches(router.getSpec().getPodSelector().getMatchLabels(), routerPods), "selects the router's pods");
        assertEquals(List.of("Ingress"), router.getSpec().getPolicyTypes());
        assertEquals(1, router.getSpec().getIngress().size());
        assertTrue(router.getSpec().getIngress().get(0).getFrom().isEmpty(), "the router accepts calls from anywhere");

        NetworkPolicy controller = release.one(NetworkPolicy.class, "faas-controller");
        assertTrue(matches(controller.getSpec().getPodSelector().getMatchLabels(), controllerPods), "selects the controller's pods");
        assertFalse(matches(controller.getSpec().getPodSelector().getMatchLabels(), routerPods), "selects the router's pods too");
        assertEquals(List.of("Ingress"), controller.getSpec().getPolicyTypes());
        assertEquals(1, controller.getSpec().getIngress().size());
        NetworkPolicyIngressRule rule = controller.getSpec().getIngress().get(0);
        assertEquals(1, rule.getFrom().size(), "peers: " + rule.getFrom());
        var peer = rule.getFrom().get(0);
        assertNull(peer.getIpBlock(), "an IP block may reach the controller");
        assertNull(peer.getNamespaceSelector(), "other namespaces may reach the controller");
        assertTrue(matches(peer.getPodSelector().getMatchLabels(), routerPods), "the router may not reach the controller");
        assertFalse(matches(peer.getPodSelector().getMatchLabels(), controllerPods), "the peer selector is not the router's alone");
        String port = rule.getPorts().get(0).getPort().getStrVal();
        assertTrue(release.controller().getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .anyMatch(p -> p.getName().equals(port)), "the policy's port " + port + " is not the controller's");
    }

    @Test
    void networkPoliciesCanBeLeftOut() {
        assertTrue(chart.render(Map.of("networkPolicy.enabled", false)).all(NetworkPolicy.class).isEmpty());
    }

    private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }
}
