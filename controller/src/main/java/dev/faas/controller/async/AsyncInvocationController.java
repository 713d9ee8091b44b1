package dev.faas.controller.async;

import dev.faas.controller.api.ApiError;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionNotFoundException;
import dev.faas.controller.function.FunctionStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /async-function/{name}[.{namespace}][/path]}: queues the call durably and answers {@code 202} with
 * {@code X-Call-Id}; the router passes these paths through to the controller, which owns the queue.
 */
@Controller("/async-function")
public class AsyncInvocationController {
    private static final String PREFIX = "/async-function/";

    private final FunctionStore functions;
    private final AsyncCalls calls;
    private final CallIds ids;

    public AsyncInvocationController(FunctionStore functions, AsyncCalls calls, CallIds ids) {
        this.functions = functions;
        this.calls = calls;
        this.ids = ids;
    }

    // Off the event loop: the function lookup may ask the Kubernetes API (cluster mode) and the record is a file
    // append. But no thread waits for the disk: the 202 is sent when the queue's future completes (the group fsync
    // or the JetStream ack that covers the call), and the request's thread is free as soon as the future exists.
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post(uri = "/{name}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<?>> accept(HttpRequest<?> request, @PathVariable String name, @Nullable @Body byte[] body) {
        return queue(request, name, body);
    }

    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post(uri = "/{name}/{+path}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<?>> acceptWithPath(HttpRequest<?> request, @PathVariable String name,
                                          @PathVariable String path, @Nullable @Body byte[] body) {
        return queue(request, name, body);
    }

    private CompletableFuture<HttpResponse<?>> queue(HttpRequest<?> request, String name, byte[] body) {
        FunctionKey key = FunctionKey.parse(name, null);
        String callbackUrl = request.getHeaders().get("X-Callback-Url");
        if (callbackUrl != null) {
            Optional<String> problem = CallbackUrl.problem(callbackUrl);
            if (problem.isPresent()) {
                return CompletableFuture.completedFuture(ApiError.badRequest(problem.get()));
            }
            callbackUrl = callbackUrl.strip();
        }
        if (functions.find(key).isEmpty()) {
            throw new FunctionNotFoundException(key);
        }
        AsyncCall call = new AsyncCall(ids.next(), key.namespace(), key.name(), request.getMethodName(),
                suffix(request, name), headers(request), body, callbackUrl, "http", Instant.now());
        return calls.submit(call).thenApply(stored -> HttpResponse.accepted().header("X-Call-Id", call.id())
                .body(Map.of("callId", call.id(), "function", key.toString(), "queue", calls.queueKind())));
    }

    /** What follows {@code /async-function/{name}} in the raw path, with the query: what the function receives. */
    private static String suffix(HttpRequest<?> request, String name) {
        String raw = request.getUri().getRawPath();
        int start = raw.indexOf(PREFIX);
        String rest = start < 0 ? "" : raw.substring(start + PREFIX.length());
        int slash = rest.indexOf('/');
        String path = slash < 0 ? "" : rest.substring(slash);
        String query = request.getUri().getRawQuery();
        return query == null ? path : path + "?" + query;
    }

    private static Map<String, List<String>> headers(HttpRequest<?> request) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        request.getHeaders().forEach((header, values) -> all.put(header, List.copyOf(values)));
        return HeaderCopy.keep(all);
    }
}
