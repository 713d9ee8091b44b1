package dev.faas.function;

import java.util.Map;

/**
 * The plain {@link Context} the runtime hands to a function, one per call.
 *
 * @param functionName the function's name
 * @param namespace    the function's namespace
 * @param callId       the id of the current call
 * @param gateway      the router's URL, or null
 * @param environment  the environment variables visible to the function
 */
public record CallContext(String functionName, String namespace, String callId, String gateway,
                          Map<String, String> environment) implements Context {

    /** Fills in defaults for missing values. */
    public CallContext {
        functionName = functionName == null ? "function" : functionName;
        namespace = namespace == null ? "default" : namespace;
        environment = environment == null ? Map.of() : environment;
    }

    /** The same context for another call id. */
    public CallContext withCallId(String id) {
        return new CallContext(functionName, namespace, id, gateway, environment);
    }

    // Looked up on use: System.getLogger initialises logging, which a function that never logs should not pay for.
    @Override
    public System.Logger logger() {
        return System.getLogger("function." + functionName);
    }

    @Override
    public String env(String name) {
        return environment.get(name);
    }

    // The environment may hold secrets: keep it out of toString and therefore out of logs.
    @Override
    public String toString() {
        return "CallContext[" + namespace + "/" + functionName + ", call " + callId + "]";
    }
}
