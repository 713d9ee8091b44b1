package dev.faas.controller.activator;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;

import java.util.List;

/**
 * The ready instances of a function that a router may call, how long a call may take, and the hard limits
 * ({@code concurrency} per instance, 0 = none; {@code queueSize} calls that may wait) the router applies.
 */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EndpointsView(String namespace, String name, long timeoutMs, List<Endpoint> endpoints,
                            int concurrency, int queueSize) {

    /** One callable instance; {@code loading}: it holds calls while its function loads (see runtime.Endpoint). */
    @Introspected
    public record Endpoint(String id, String url, boolean loading) {
    }
}
