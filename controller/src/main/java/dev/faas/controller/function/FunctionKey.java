package dev.faas.controller.function;

import java.util.regex.Pattern;

/** Identifies a function: its namespace and name, both DNS-1123 labels. */
public record FunctionKey(String namespace, String name) {
    /** The namespace used when none is given. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** faas-cli appends this namespace when none is given; it is an alias of the default one. */
    public static final String OPENFAAS_NAMESPACE = "openfaas-fn";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public FunctionKey {
        namespace = normalizeNamespace(namespace);
        requireLabel("function name", name);
        requireLabel("namespace", namespace);
    }

    /** Builds a key from a name that may carry its namespace as a suffix: {@code hello.openfaas-fn}. */
    public static FunctionKey parse(String qualifiedName, String namespace) {
        if (qualifiedName != null) {
            int dot = qualifiedName.indexOf('.');
            if (dot > 0) {
                return new FunctionKey(qualifiedName.substring(dot + 1), qualifiedName.substring(0, dot));
            }
        }
        return new FunctionKey(namespace, qualifiedName);
    }

    /** Maps null, blank and the OpenFaaS namespace to the default namespace. */
    public static String normalizeNamespace(String namespace) {
        if (namespace == null || namespace.isBlank() || OPENFAAS_NAMESPACE.equals(namespace)) {
            return DEFAULT_NAMESPACE;
        }
        return namespace;
    }

    /** Checks a DNS-1123 label and says what is wrong with it. */
    public static void requireLabel(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFunctionException(what + " is missing");
        }
        if (value.length() > 63) {
            throw new InvalidFunctionException(what + " '" + value + "' is longer than 63 characters");
        }
        if (!DNS_LABEL.matcher(value).matches()) {
            throw new InvalidFunctionException(what + " '" + value
                    + "' is not a DNS-1123 label: use lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return name + "." + namespace;
    }
}
