package dev.faas.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up timestamps reported by {@code /_/health} (epoch ms; {@code processStart} null when unknown).
 *
 * @param processStart when the JVM process started
 * @param runtimeReady when the HTTP server accepted connections
 */
record StartupTimes(Long processStart, long runtimeReady) {

    /** Linux's USER_HZ: /proc reports process start times in these ticks. */
    private static final long TICKS_PER_SECOND = 100;

    /** Reads the process start time; {@code runtimeReady} is now. */
    static StartupTimes now() {
        long now = System.currentTimeMillis();
        Long processStart = fromProc(now);
        if (processStart == null) {
            processStart = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(null);
        }
        return new StartupTimes(processStart, now);
    }

    // ProcessHandle derives the start from the boot time in whole seconds (/proc/stat btime), so it can be
    // up to a second early; /proc/uptime has 10 ms resolution, which cold-start phases need.
    private static Long fromProc(long now) {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String uptime = Files.readString(Path.of("/proc/uptime"));
            // Field 22 (starttime) counts from the field after the command name, which may contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[19]);
            double uptimeSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            long ageMs = Math.round(uptimeSeconds * 1000) - startTicks * 1000 / TICKS_PER_SECOND;
            return ageMs >= 0 ? now - ageMs : null;
        } catch (IOException | RuntimeException e) {
            return null; // not Linux, or /proc unavailable
        }
    }
}
