package dev.faas.controller.async;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where an asynchronous call is in its life. */
public enum CallState {
    /** Durably queued, not tried yet. */
    QUEUED,
    /** A worker is calling the function. */
    RUNNING,
    /** The last attempt failed with a retryable outcome; it will be tried again after a backoff. */
    RETRYING,
    /** The function answered with a final status (anything but 429 and 5xx). */
    COMPLETED,
    /** Every attempt failed; kept as a dead letter. */
    DEAD_LETTER;

    /** The JSON spelling: lower case with dashes, e.g. {@code dead-letter}. */
    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses the JSON spelling (or the enum name); null for an unknown state. */
    @JsonCreator
    public static CallState parse(String text) {
        for (CallState state : values()) {
            if (state.text().equalsIgnoreCase(text) || state.name().equalsIgnoreCase(text)) {
                return state;
            }
        }
        return null;
    }
}
