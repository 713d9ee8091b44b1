package dev.faas.runtime;

/**
 * Start-up timestamps reported by {@code /_/health} (epoch ms; null when unknown).
 *
 * @param processStart when the JVM process started
 * @param runtimeReady when the HTTP server accepted connections
 */
record StartupTimes(Long processStart, long runtimeReady) {

    /** Reads the process start from the OS; {@code runtimeReady} is now. */
    static StartupTimes now() {
        Long processStart = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(null);
        return new StartupTimes(processStart, System.currentTimeMillis());
    }
}
