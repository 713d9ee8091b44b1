package dev.faas.controller.backend.process;

import dev.faas.controller.function.InvalidFunctionException;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a memory limit in Kubernetes notation into a JVM heap flag. The heap gets three quarters of the
 * limit because the JVM needs the rest for metaspace, threads and code.
 */
public final class HeapLimit {
    private static final Pattern QUANTITY = Pattern.compile("(\\d+)\\s*(Ki|Mi|Gi|K|M|G|k)?");

    private HeapLimit() {
    }

    /** {@code -Xmx<n>m} for a limit such as {@code 128Mi}; empty when no limit is given. */
    public static Optional<String> xmxFlag(String memoryLimit) {
        if (memoryLimit == null || memoryLimit.isBlank()) {
            return Optional.empty();
        }
        Matcher m = QUANTITY.matcher(memoryLimit.trim());
        if (!m.matches()) {
            throw new InvalidFunctionException("memory limit '" + memoryLimit
                    + "' is not a quantity: use a number with Ki, Mi or Gi, such as 128Mi");
        }
        long bytes = Long.parseLong(m.group(1)) * multiplier(m.group(2));
        long heapMb = Math.max(16, bytes * 3 / 4 / (1024 * 1024));
        return Optional.of("-Xmx" + heapMb + "m");
    }

    private static long multiplier(String unit) {
        if (unit == null) {
            return 1;
        }
        return switch (unit) {
            case "Ki" -> 1024L;
            case "k", "K" -> 1000L;
            case "Mi" -> 1024L * 1024;
            case "M" -> 1000L * 1000;
            case "Gi" -> 1024L * 1024 * 1024;
            default -> 1000L * 1000 * 1000;
        };
    }
}
