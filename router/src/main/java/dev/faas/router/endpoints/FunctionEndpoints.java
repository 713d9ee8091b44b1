package dev.faas.router.endpoints;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * The controller's answer to {@code GET /system/endpoints/{ns}/{name}}: the ready instances of a function and
 * the limits calls to it obey.
 *
 * @param namespace   the function's namespace
 * @param name        the function's name
 * @param timeoutMs   how long one call may take, 0 or absent when the controller names no limit
 * @param endpoints   ready, non-draining instances; empty when the function is scaled to zero
 * @param concurrency most calls one instance gets at once, 0 or absent for no limit
 * @param queueSize   most calls that may wait for the function (for a free instance or its scale-up); absent
 *                    means the router's {@code faas.router.max-held-requests}
 */
@Introspected
public record FunctionEndpoints(String namespace, String name, long timeoutMs, @Nullable List<Endpoint> endpoints,
                                int concurrency, @Nullable Integer queueSize) {

    public FunctionEndpoints {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** The same answer without the given instance (after it refused a connection). */
    public FunctionEndpoints without(Endpoint gone) {
        return new FunctionEndpoints(namespace, name, timeoutMs,
                endpoints.stream().filter(e -> !e.id().equals(gone.id())).toList(), concurrency, queueSize);
    }

    /** How many calls may wait, with the router's own cap when the controller names none. */
    public int queueSizeOr(int routerDefault) {
        return queueSize == null ? routerDefault : queueSize;
    }
}
