package dev.faas.controller.async;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.faas.controller.function.FunctionKey;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One accepted asynchronous call, exactly as it must be replayed against the function: what the queue stores.
 *
 * @param path        the path after {@code /async-function/{name}} with its query ("" or "/x?y=1")
 * @param callbackUrl where the result is posted, or null
 * @param source      what queued it: {@code http} for {@code /async-function} calls, else the trigger kind (cron, ...)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AsyncCall(String id, String namespace, String function, String method, String path,
                        Map<String, List<String>> headers, byte[] body, String callbackUrl, String source,
                        Instant acceptedAt) {

    public AsyncCall {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        path = path == null ? "" : path;
        source = source == null ? "http" : source;
    }

    /** The function this call is for. */
    @JsonIgnore
    public FunctionKey key() {
        return new FunctionKey(namespace, function);
    }
}
