package dev.faas.controller.async;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Runs one attempt of a call through the router's {@code /function/{name}.{namespace}} path, so that the
 * function's call limits, scale-from-zero and cold-start records apply as they do to synchronous calls.
 */
@Singleton
public class FunctionInvoker {
    private static final int ERROR_BODY_CHARS = 300;

    private final AsyncSettings settings;
    private final HttpClient http;
    private final String gateway;

    public FunctionInvoker(AsyncSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String url = settings.gatewayUrl().toString();
        this.gateway = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Calls the function once; never throws for a failed call, the outcome says what happened. */
    public FunctionOutcome invoke(AsyncCall call) throws InterruptedException {
        String target = gateway + "/function/" + call.function() + "." + call.namespace() + call.path();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                .timeout(settings.callTimeout())
                .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()))
                .header("X-Call-Id", call.id());
        call.headers().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            long took = (System.nanoTime() - start) / 1_000_000;
            FunctionOutcome answer = new FunctionOutcome(response.statusCode(), response.headers().map(),
                    response.body(), took, null);
            return answer.status() >= 400 ? withError(answer, describe(call, response)) : answer;
        } catch (IOException e) {
            long took = (System.nanoTime() - start) / 1_000_000;
            return new FunctionOutcome(0, java.util.Map.of(), new byte[0], took, "no answer from function '"
                    + call.function() + "' through the router at " + gateway + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static FunctionOutcome withError(FunctionOutcome outcome, String error) {
        return new FunctionOutcome(outcome.status(), outcome.headers(), outcome.body(), outcome.durationMs(), error);
    }

    private static String describe(AsyncCall call, HttpResponse<byte[]> response) {
        String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (body.length() > ERROR_BODY_CHARS) {
            body = body.substring(0, ERROR_BODY_CHARS) + "…";
        }
        return "function '" + call.function() + "' answered " + response.statusCode()
                + (body.isEmpty() ? "" : ": " + body);
    }
}
