package dev.faas.controller.instance;

/**
 * The start-up timestamps (epoch ms) an instance reported in its health body; each may be null because
 * images other than runtime-java need not report them.
 */
public record StartupTimings(Long processStart, Long runtimeReady, Long handlerLoaded) {

    /** Timings for an instance that reported none. */
    public static StartupTimings none() {
        return new StartupTimings(null, null, null);
    }
}
