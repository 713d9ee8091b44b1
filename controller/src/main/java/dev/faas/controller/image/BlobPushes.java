package dev.faas.controller.image;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which blobs jib sent to the registry and which the registry already had, from jib's events: every blob gets a
 * "pushing blob sha256:…" progress allocation, and one the registry has gets a "BLOB already exists" log line.
 */
final class BlobPushes {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    private final Set<String> present = ConcurrentHashMap.newKeySet();

    void onProgress(ProgressEvent event) {
        String description = event.getAllocation().getDescription();
        if (description.startsWith("pushing blob ")) {
            digestIn(description).ifPresent(attempted::add);
        }
    }

    void onLog(LogEvent event) {
        if (event.getMessage().contains("BLOB already exists")) {
            digestIn(event.getMessage()).ifPresent(present::add);
        }
    }

    /** Whether the registry had this blob before the push (so jib did not send it). */
    boolean alreadyPresent(String digest) {
        return present.contains(digest);
    }

    /** Whether jib sent this blob. */
    boolean pushed(String digest) {
        return attempted.contains(digest) && !present.contains(digest);
    }

    private static Optional<String> digestIn(String text) {
        Matcher m = DIGEST.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }
}
