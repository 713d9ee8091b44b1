package dev.faas.router.proxy;

import dev.faas.router.endpoints.FunctionRef;
import dev.faas.router.error.RouterException;
import io.micronaut.http.HttpStatus;

/**
 * A parsed {@code /function/{name}[.{namespace}][/rest]} path: which function, and the path its instance sees.
 *
 * @param ref        the function ({@code openfaas-fn} and no namespace both mean {@code default})
 * @param downstream the raw (still encoded) path with the prefix removed; {@code /} for a bare call
 */
public record FunctionPath(FunctionRef ref, String downstream) {
    /** The path prefix of function calls. */
    public static final String PREFIX = "/function";
    private static final String DEFAULT_NAMESPACE = "default";
    private static final String OPENFAAS_NAMESPACE = "openfaas-fn";

    /** Parses a raw request path; 400 for a missing or invalid name or namespace. */
    public static FunctionPath parse(String rawPath) {
        String rest = rawPath.length() > PREFIX.length() ? rawPath.substring(PREFIX.length() + 1) : "";
        int slash = rest.indexOf('/');
        String target = slash < 0 ? rest : rest.substring(0, slash);
        String downstream = slash < 0 ? "/" : rest.substring(slash);
        if (target.isEmpty()) {
            throw new RouterException(HttpStatus.BAD_REQUEST,
                    "no function named in '" + rawPath + "'; call /function/<name> or /function/<name>.<namespace>");
        }
        int dot = target.indexOf('.');
        String name = dot < 0 ? target : target.substring(0, dot);
        String namespace = dot < 0 ? DEFAULT_NAMESPACE : target.substring(dot + 1);
        if (namespace.equals(OPENFAAS_NAMESPACE)) {
            namespace = DEFAULT_NAMESPACE;
        }
        check("function name", name);
        check("namespace", namespace);
        return new FunctionPath(new FunctionRef(namespace, name), downstream);
    }

    private static void check(String what, String value) {
        if (!isDnsLabel(value)) {
            throw new RouterException(HttpStatus.BAD_REQUEST, "invalid " + what + " '" + value
                    + "': use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
    }

    /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}, at most 63 characters; by hand, as it runs on every call. */
    private static boolean isDnsLabel(String value) {
        int length = value.length();
        if (length == 0 || length > 63 || value.charAt(0) == '-' || value.charAt(length - 1) == '-') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
