package dev.faas.controller.async;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which of a caller's headers travel with an asynchronous call to the function (and a result to its callback). */
final class HeaderCopy {
    // Hop-by-hop headers, those the HTTP client sets itself, and the async control headers.
    private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "expect", "http2-settings", "x-callback-url", "x-call-id", "authorization");

    private HeaderCopy() {
    }

    /** The headers worth keeping, names in lower case. */
    static Map<String, List<String>> keep(Map<String, List<String>> headers) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!DROPPED.contains(lower) && !lower.startsWith("x-function-status")) {
                kept.computeIfAbsent(lower, k -> new java.util.ArrayList<>()).addAll(values);
            }
        });
        return kept;
    }
}
