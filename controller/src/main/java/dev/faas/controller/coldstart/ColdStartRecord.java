package dev.faas.controller.coldstart;

import dev.faas.controller.function.FunctionKey;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cold start's timestamps (epoch ms; null until known), in the order of DESIGN.md's cold-start phases, and
 * whether its instance came from the prewarmed pool ({@code pooled}: then {@code processStarted} is null and
 * {@code runtimeReady} is when its specialization began). Each step returns a new record.
 */
public record ColdStartRecord(
        String id,
        FunctionKey function,
        long requestArrived,
        long startIssued,
        Long processStarted,
        Long runtimeReady,
        Long handlerLoaded,
        Long instanceReady,
        Long firstResponse,
        boolean pooled) {

    /** The record once the instance answered 200. */
    public ColdStartRecord ready(Long processStarted, Long runtimeReady, Long handlerLoaded, long instanceReady,
                                 boolean pooled) {
        return new ColdStartRecord(id, function, requestArrived, startIssued, processStarted, runtimeReady,
                handlerLoaded, instanceReady, firstResponse, pooled);
    }

    /** The record once the router saw the first response. */
    public ColdStartRecord firstResponse(long at) {
        return new ColdStartRecord(id, function, requestArrived, startIssued, processStarted, runtimeReady,
                handlerLoaded, instanceReady, at, pooled);
    }

    /** From the request's arrival to its first response; null until the first response is known. */
    public Long totalMs() {
        return firstResponse == null ? null : Math.max(0, firstResponse - requestArrived);
    }

    /** Phase durations in ms, in order; phases whose timestamps are unknown are left out. */
    public Map<String, Long> phases() {
        Map<String, Long> phases = new LinkedHashMap<>();
        put(phases, "schedule", requestArrived, startIssued);
        put(phases, "process_start", startIssued, processStarted);
        put(phases, "acquire", pooled ? startIssued : null, runtimeReady);
        put(phases, "runtime_init", processStarted, runtimeReady);
        put(phases, "handler_load", runtimeReady, handlerLoaded);
        put(phases, "readiness", handlerLoaded != null ? handlerLoaded : processStarted, instanceReady);
        put(phases, "first_response", instanceReady, firstResponse);
        put(phases, "total", requestArrived, firstResponse);
        return phases;
    }

    private static void put(Map<String, Long> phases, String name, Long from, Long to) {
        if (from != null && to != null) {
            phases.put(name, Math.max(0, to - from));
        }
    }
}
