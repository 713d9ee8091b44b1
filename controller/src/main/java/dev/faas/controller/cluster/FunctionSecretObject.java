package dev.faas.controller.cluster;

import dev.faas.controller.function.FunctionKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kubernetes Secret holding the current values of the secrets a function names (one key per secret), which
 * its pods mount read-only. Written at each deploy, so that a redeploy delivers updated values as in the other
 * backends; removed when the function no longer names any secret, and with the function.
 */
public final class FunctionSecretObject {
    private FunctionSecretObject() {
    }

    /** The Secret's name: the function's name and a suffix no function object uses. */
    public static String name(FunctionKey key) {
        return key.name() + "-faas-secrets";
    }

    /** Writes the Secret (or removes a stale one when there are no values); returns its name, or null when none. */
    public static String apply(KubernetesClient client, String namespace, FunctionKey key, Map<String, byte[]> values) {
        String name = name(key);
        var resource = client.secrets().inNamespace(namespace).withName(name);
        if (values.isEmpty()) {
            ClusterCall.run("delete Secret '" + name + "' in namespace '" + namespace + "'", () -> resource.delete());
            return null;
        }
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v)));
        Secret secret = new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(ClusterLabels.of(key)).endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
        ClusterCall.run("write Secret '" + name + "' in namespace '" + namespace + "'",
                () -> client.secrets().inNamespace(namespace).resource(secret).createOr(NonDeletingOperation::update));
        return name;
    }

    /** Removes the function's Secret, if there is one. */
    public static void delete(KubernetesClient client, String namespace, FunctionKey key) {
        ClusterCall.run("delete Secret '" + name(key) + "' in namespace '" + namespace + "'",
                () -> client.secrets().inNamespace(namespace).withName(name(key)).delete());
    }
}
