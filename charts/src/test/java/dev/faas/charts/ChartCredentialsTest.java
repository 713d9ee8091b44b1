package dev.faas.charts;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API credentials come from a Secret (generated, or the user's), are referenced, and are never printed in plain. */
@EnableKubernetesMockClient(https = false, crud = true)
class ChartCredentialsTest {

    KubernetesMockServer server;
    KubernetesClient client;
    FaasChart chart;

    @BeforeEach
    void chart() {
        chart = FaasChart.against(server);
    }

    @Test
    void aRandomPasswordIsGeneratedIntoTheSecretAndAppearsNowhereElse() {
        RenderedRelease release = chart.render(Map.of());

        Secret secret = release.one(Secret.class, "faas-credentials");
        assertEquals("admin", decode(secret, "username"));
        String password = decode(secret, "password");
        assertTrue(password.matches("[A-Za-z0-9]{32}"), "a 32-character random password, got " + password.length() + " characters");
        String encoded = secret.getData().get("password");
        assertEquals(-1, release.manifest().indexOf(password), "the password is printed in plain");
        assertEquals(release.manifest().indexOf(encoded), release.manifest().lastIndexOf(encoded),
                "the encoded password appears outside its Secret");
        // FAAS_SECRETS_KEY is base64 of 32 bytes.
        assertEquals(32, Base64.getDecoder().decode(decode(secret, "secrets-key")).length);
        assertNotEquals(password, decode(chart.render(Map.of()).one(Secret.class, "faas-credentials"), "password"),
                "two installs got the same password");
    }

    @Test
    void bothComponentsReadTheCredentialsByReference() {
        RenderedRelease release = chart.render(Map.of());

        assertCredentialsReferenced(release, "faas-credentials");
    }

    @Test
    void anExistingSecretIsUsedAndNoneIsRendered() {
        RenderedRelease release = chart.render(Map.of("credentials.existingSecret", "my-faas-login"));

        assertTrue(release.all(Secret.class).isEmpty(), "a Secret is rendered beside the existing one");
        assertCredentialsReferenced(release, "my-faas-login");
    }

    @Test
    void aPasswordIsNeverAValue() {
        String message = chart.renderFailure(Map.of("credentials.password", "hunter2"));

        assertTrue(message.contains("credentials") && message.contains("password") && message.contains("not allowed"), message);
    }

    @Test
    void anUpgradeKeepsTheInstalledPasswordAndSecretsKey() {
        Secret installed = chart.render(Map.of()).one(Secret.class, "faas-credentials");
        client.secrets().inNamespace(FaasChart.RELEASE_NAMESPACE).resource(installed).create();

        Secret upgraded = chart.render(Map.of()).one(Secret.class, "faas-credentials");

        assertEquals(decode(installed, "password"), decode(upgraded, "password"), "an upgrade changed the password");
        assertEquals(decode(installed, "secrets-key"), decode(upgraded, "secrets-key"), "an upgrade changed the secrets key");
    }

    private static void assertCredentialsReferenced(RenderedRelease release, String secretName) {
        for (Deployment deployment : List.of(release.controller(), release.router())) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            for (String variable : List.of("FAAS_AUTH_USERNAME", "FAAS_AUTH_PASSWORD")) {
                EnvVar env = container.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                        .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " lacks " + variable));
                assertNull(env.getValue(), variable + " is given in plain");
                assertEquals(secretName, env.getValueFrom().getSecretKeyRef().getName(), variable);
            }
        }
        for (Deployment deployment : release.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                container.getEnv().stream().filter(e -> e.getName().matches(".*(PASSWORD|KEY|TOKEN|SECRET).*"))
                        .forEach(e -> assertNull(e.getValue(), e.getName() + " is given in plain"));
            }
        }
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
