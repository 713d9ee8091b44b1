package dev.faas.controller.backend;

import dev.faas.controller.function.FunctionKey;

/** How generic (pooled, not yet specialized) instances are named, so that every backend tells them apart alike. */
public final class GenericInstances {
    /** The key generic instances run under until they are specialized (no real function's image is ever {@link #IMAGE}, so none adopts them). */
    public static final FunctionKey POOL_KEY = new FunctionKey("faas-pool", "java");
    /** The image reference recorded for a generic runtime-java instance. */
    public static final String IMAGE = "faas.pool/runtime-java";
    /** The runtime variable whose presence starts runtime-java generic (its value is the specialization token). */
    public static final String TOKEN_VARIABLE = "FAAS_SPECIALIZE_TOKEN";

    private GenericInstances() {
    }

    /** Whether {@code handle} is a generic instance. */
    public static boolean isGeneric(InstanceHandle handle) {
        return POOL_KEY.equals(handle.function());
    }
}
