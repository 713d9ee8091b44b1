package dev.faas.function;

/** What a function knows about itself and the current call. */
public interface Context {

    /** The function's name, e.g. {@code hello}. */
    String functionName();

    /** The function's namespace, e.g. {@code default}. */
    String namespace();

    /** The id of the current call ({@code X-Call-Id}); during {@link Handler#init} it is {@code "init"}. */
    String callId();

    /** A JDK logger named after the function; output goes to the instance's log. */
    System.Logger logger();

    /** An environment variable of the instance, or null. */
    String env(String name);

    /** The router's URL (e.g. {@code http://127.0.0.1:8080}) for calling other functions, or null if unknown. */
    String gateway();

    /**
     * The secret {@code name} as UTF-8 text, or empty when the function was not given that secret. Secrets are
     * files: {@code $FAAS_SECRETS_DIR/<name>}, or {@code /var/openfaas/secrets/<name>} in a container.
     *
     * @throws IllegalArgumentException when the name is empty or holds {@code /} or {@code ..}
     */
    default java.util.Optional<String> secret(String name) {
        return secretBytes(name).map(bytes -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The secret {@code name} as bytes, or empty when the function was not given that secret. */
    default java.util.Optional<byte[]> secretBytes(String name) {
        return SecretFiles.read(env(SecretFiles.DIRECTORY_VARIABLE), name);
    }

    /** A context for unit tests and tools; reads no environment. */
    static Context of(String functionName) {
        return new CallContext(functionName, "default", "test", null, java.util.Map.of());
    }
}
