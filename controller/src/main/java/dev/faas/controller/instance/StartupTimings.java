package dev.faas.controller.instance;

/**
 * The start-up timestamps (epoch ms) an instance reported in its health body; each may be null because
 * images other than runtime-java need not report them. For an instance specialized from a prewarmed pool
 * ({@code pooled}), {@code runtimeReady} is when its specialization began: the runtime was ready long before.
 */
public record StartupTimings(Long processStart, Long runtimeReady, Long handlerLoaded, boolean pooled) {

    /** Timings of a freshly started instance. */
    public StartupTimings(Long processStart, Long runtimeReady, Long handlerLoaded) {
        this(processStart, runtimeReady, handlerLoaded, false);
    }

    /** Timings for an instance that reported none. */
    public static StartupTimings none() {
        return new StartupTimings(null, null, null);
    }
}
