package dev.faas.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one-time right to turn a generic runtime into one function's instance: it checks the per-instance token
 * the runtime was started with ({@code FAAS_SPECIALIZE_TOKEN}) and lets exactly one request through, whether that
 * request then succeeds or not, so that an instance never hosts a second function.
 */
final class Specialization {

    /** The variable that carries the token; its presence starts the runtime in generic mode. */
    static final String TOKEN_VARIABLE = "FAAS_SPECIALIZE_TOKEN";

    private final byte[] token;
    private final Map<String, String> baseEnvironment;
    private final AtomicBoolean claimed = new AtomicBoolean();

    private Specialization(String token, Map<String, String> baseEnvironment) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.baseEnvironment = baseEnvironment;
    }

    /** The specialization of a runtime started with {@code env}, or null when it names no token (not generic). */
    static Specialization fromEnv(Map<String, String> env) {
        String token = env.get(TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            return null;
        }
        Map<String, String> base = new HashMap<>(env);
        base.remove(TOKEN_VARIABLE); // the function never sees it through its context
        return new Specialization(token, Map.copyOf(base));
    }

    /** Whether {@code authorization} (the request's header) is {@code Bearer <token>}; constant time. */
    boolean authorizes(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, given);
    }

    /** Takes the one specialization; false when it was already taken. */
    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    /** The function's environment: the runtime's own (without the token) overlaid with what the request gives. */
    Map<String, String> environment(Map<String, String> given) {
        Map<String, String> env = new HashMap<>(baseEnvironment);
        env.putAll(given);
        env.remove(TOKEN_VARIABLE);
        return Map.copyOf(env);
    }
}
