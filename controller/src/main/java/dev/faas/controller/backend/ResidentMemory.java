package dev.faas.controller.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a Linux process's resident set size ({@code VmRSS} of {@code /proc/<pid>/status}). */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /** Resident bytes of process {@code pid}, or -1 when it is gone or /proc cannot tell. */
    public static long of(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
