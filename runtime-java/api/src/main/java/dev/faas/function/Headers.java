package dev.faas.function;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Immutable, case-insensitive copies of HTTP header maps, shared by {@link Request} and {@link Response}. */
final class Headers {

    private Headers() {
    }

    /** Copies {@code source} into an unmodifiable map whose keys compare case-insensitively. */
    static Map<String, List<String>> copyOf(Map<String, List<String>> source) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (source != null) {
            source.forEach((name, values) -> {
                if (name == null) {
                    return; // HttpURLConnection-style status line entry; not a header
                }
                List<String> merged = new ArrayList<>(copy.getOrDefault(name, List.of()));
                if (values != null) {
                    values.forEach(v -> merged.add(v == null ? "" : v));
                }
                copy.put(name, List.copyOf(merged));
            });
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Returns the first value of {@code name} in a map built by {@link #copyOf}, or null. */
    static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
