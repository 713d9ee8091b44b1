package dev.faas.controller.secret;

import dev.faas.controller.function.FunctionKey;

import java.util.regex.Pattern;

/**
 * Identifies a secret: its namespace (normalized as for functions, so {@code openfaas-fn} is {@code default}) and
 * its name, a DNS-1123 subdomain so that it is also a safe file name in the instance's secrets directory.
 */
public record SecretId(String namespace, String name) {
    private static final int MAX_NAME = 253;
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public SecretId {
        namespace = FunctionKey.normalizeNamespace(namespace);
        FunctionKey.requireLabel("namespace", namespace);
        requireName(name);
    }

    private static void requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw SecretRejectedException.invalid("the secret name is missing: send {\"name\":\"api-key\", ...}");
        }
        if (name.length() > MAX_NAME) {
            throw SecretRejectedException.invalid("secret name '" + name.substring(0, 40) + "...' is longer than "
                    + MAX_NAME + " characters");
        }
        if (!DNS_SUBDOMAIN.matcher(name).matches()) {
            throw SecretRejectedException.invalid("secret name '" + name + "' is not a DNS-1123 subdomain: use "
                    + "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return "secret '" + name + "' in namespace '" + namespace + "'";
    }
}
