package dev.faas.router.activator;

import dev.faas.router.endpoints.FunctionEndpoints;
import io.micronaut.core.annotation.Nullable;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outcome of waiting for a function to have an instance, shared by every call held for it. Only the first
 * response among those calls is the cold start's first response, so it is reported once.
 */
public final class Activation {
    private final FunctionEndpoints endpoints;
    private final String coldStartId;
    private final AtomicBoolean firstResponseClaimed = new AtomicBoolean();

    /**
     * @param endpoints   the ready instances
     * @param coldStartId the cold start the wait was part of, or null when an instance was already there
     */
    public Activation(FunctionEndpoints endpoints, @Nullable String coldStartId) {
        this.endpoints = endpoints;
        this.coldStartId = coldStartId;
    }

    public FunctionEndpoints endpoints() {
        return endpoints;
    }

    /** Whether the wait was part of a cold start (every call held for it waited for it). */
    public boolean coldStart() {
        return coldStartId != null;
    }

    /** The cold start's id for the first caller with a response; null for every later one and without a cold start. */
    @Nullable
    public String claimFirstResponse() {
        return coldStartId != null && firstResponseClaimed.compareAndSet(false, true) ? coldStartId : null;
    }
}
