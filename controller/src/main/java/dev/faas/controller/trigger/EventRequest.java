package dev.faas.controller.trigger;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trigger's event as the HTTP request that carries it to a function: a CloudEvent in binary mode ({@code ce-*}
 * headers, the data as the body, {@code Content-Type} from the data content type), written by the CloudEvents SDK.
 */
public record EventRequest(Map<String, List<String>> headers, byte[] body) {

    public EventRequest {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The binary-mode HTTP form of {@code event}. */
    public static EventRequest of(CloudEvent event) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        byte[][] body = {new byte[0]};
        HttpMessageFactory.createWriter((name, value) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), List.of(value)),
                bytes -> body[0] = bytes).writeBinary(event);
        return new EventRequest(headers, body[0]);
    }
}
