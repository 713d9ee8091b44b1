package dev.faas.router.config;

import java.time.Duration;

/** Formats durations the way people write them in messages ("30s", "1500ms"). */
public final class DurationText {
    private DurationText() {
    }

    /** "30s" for whole seconds, otherwise milliseconds ("1500ms"). */
    public static String of(Duration duration) {
        long ms = duration.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
