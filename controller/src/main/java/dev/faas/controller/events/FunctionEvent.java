package dev.faas.controller.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;

import java.time.Instant;

/** Something that happened to one instance of a function: started, ready, crashed (with why), stopped... */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionEvent(Instant at, String instance, String type, String reason) {
    public static final String STARTED = "started";
    public static final String READY = "ready";
    public static final String ADOPTED = "adopted";
    public static final String FAILED = "failed";
    public static final String CRASHED = "crashed";
    public static final String REPLACED = "replaced";
    public static final String STOPPED = "stopped";
}
