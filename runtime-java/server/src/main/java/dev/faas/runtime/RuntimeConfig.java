package dev.faas.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the runtime is set up, normally read from the environment by {@link #fromEnv(Map)}.
 *
 * @param port          the port to serve on; 0 picks a free one
 * @param bindAddress   the address to bind, 127.0.0.1 unless {@code FAAS_BIND} says otherwise
 * @param functionName  the function's name ({@code FAAS_FUNCTION_NAME})
 * @param namespace     the function's namespace ({@code FAAS_FUNCTION_NAMESPACE})
 * @param functionPath  directory holding the function's jars, or null to load from the runtime's class path
 * @param handlerClass  the handler class name, or null to read it from a jar manifest
 * @param gateway       the router URL given to the function ({@code FAAS_GATEWAY}), or null
 * @param drain         how long in-flight calls may run on after SIGTERM
 * @param environment   the environment the function may read through its context
 */
public record RuntimeConfig(int port, String bindAddress, String functionName, String namespace, Path functionPath,
                            String handlerClass, String gateway, Duration drain, Map<String, String> environment) {

    /** Fills in defaults and checks ranges. */
    public RuntimeConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("PORT must be between 0 and 65535, got " + port);
        }
        if (drain == null || drain.isNegative()) {
            throw new IllegalArgumentException("FAAS_DRAIN_SECONDS must be zero or more");
        }
        bindAddress = blankToNull(bindAddress) == null ? "127.0.0.1" : bindAddress;
        functionName = blankToNull(functionName) == null ? "function" : functionName;
        namespace = blankToNull(namespace) == null ? "default" : namespace;
        handlerClass = blankToNull(handlerClass);
        gateway = blankToNull(gateway);
        environment = environment == null ? Map.of() : environment;
    }

    /** Reads {@code PORT}, {@code FAAS_*}; a malformed number fails with a message naming the variable. */
    public static RuntimeConfig fromEnv(Map<String, String> env) {
        String path = blankToNull(env.get("FAAS_FUNCTION_PATH"));
        return new RuntimeConfig(
                number(env, "PORT", 8080),
                env.get("FAAS_BIND"),
                env.get("FAAS_FUNCTION_NAME"),
                env.get("FAAS_FUNCTION_NAMESPACE"),
                path == null ? null : Path.of(path),
                env.get("FAAS_HANDLER"),
                env.get("FAAS_GATEWAY"),
                Duration.ofSeconds(number(env, "FAAS_DRAIN_SECONDS", 10)),
                env);
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String raw = blankToNull(env.get(name));
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + raw + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // The environment may hold secrets; never print it.
    @Override
    public String toString() {
        return "RuntimeConfig[" + namespace + "/" + functionName + " on " + bindAddress + ":" + port
                + ", path " + functionPath + ", handler " + handlerClass + "]";
    }
}
