package dev.faas.function;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed access to the CloudEvent a trigger (cron, NATS, Kafka) delivers in HTTP binary mode: the {@code ce-*} headers
 * and the body as data. {@code CloudEvent.from(request)} is empty for a plain HTTP call.
 *
 * @param time            null when the event has none
 * @param dataContentType the request's Content-Type, null when absent
 * @param extensions      the other {@code ce-*} attributes, by name without the prefix
 */
public record CloudEvent(String specVersion, String id, String source, String type, String subject,
                         OffsetDateTime time, String dataContentType, byte[] data, Map<String, String> extensions) {
    private static final String PREFIX = "ce-";
    private static final List<String> KNOWN = List.of("specversion", "id", "source", "type", "subject", "time");

    public CloudEvent {
        data = data == null ? new byte[0] : data.clone();
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** The event carried by {@code request} in binary mode, or empty when it lacks one of the required attributes. */
    public static Optional<CloudEvent> from(Request request) {
        String specVersion = request.header("ce-specversion");
        String id = request.header("ce-id");
        String source = request.header("ce-source");
        String type = request.header("ce-type");
        if (specVersion == null || id == null || source == null || type == null) {
            return Optional.empty();
        }
        Map<String, String> extensions = new TreeMap<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(PREFIX) && !values.isEmpty() && !KNOWN.contains(lower.substring(PREFIX.length()))) {
                extensions.put(lower.substring(PREFIX.length()), values.get(0));
            }
        });
        return Optional.of(new CloudEvent(specVersion, id, source, type, request.header("ce-subject"),
                time(request.header("ce-time")), request.header("Content-Type"), request.body(), extensions));
    }

    /** The data, a copy. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The data as UTF-8 text. */
    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    private static OffsetDateTime time(String text) {
        try {
            return text == null ? null : OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
