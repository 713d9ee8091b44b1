package dev.faas.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.faas.function.CallContext;
import dev.faas.function.Request;
import dev.faas.function.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Every path but {@code /_/health}: builds a {@link Request}, calls the function and sends its response.
 * A failing function gives a 500 JSON error (stack trace to stderr only, with the call id).
 */
final class InvocationEndpoint implements HttpHandler {

    static final String CALL_ID = "X-Call-Id";

    private final RuntimeServer server;
    private final InFlightCalls inFlight;

    InvocationEndpoint(RuntimeServer server, InFlightCalls inFlight) {
        this.server = server;
        this.inFlight = inFlight;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        inFlight.enter();
        try {
            String callId = exchange.getRequestHeaders().getFirst(CALL_ID);
            if (callId == null || callId.isBlank()) {
                callId = CallIds.next();
            }
            exchange.getResponseHeaders().set(CALL_ID, callId);
            serve(exchange, callId);
        } finally {
            exchange.close();
            inFlight.exit();
        }
    }

    private void serve(HttpExchange exchange, String callId) throws IOException {
        LoadState state;
        try {
            state = server.awaitFunction();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = server.state();
        }
        String function = server.config().functionName();
        if (!(state instanceof LoadState.Ready ready)) {
            // A generic runtime has no function of its own to name: its configuration holds the default name.
            String message = state instanceof LoadState.Generic
                    ? "this pooled runtime instance was not given its function (it was stopped first, or its"
                            + " specialization did not come in time); the call was not run: try it again"
                    : "function '" + function + "' is not ready: "
                            + (state instanceof LoadState.Failed failed ? failed.message() : "it is still loading");
            Map<String, Object> body = Replies.error(503, message);
            body.put("callId", callId);
            Replies.json(exchange, 503, body);
            return;
        }
        invoke(exchange, callId, function, ready.invoker(), server.context(), server.functionClassLoader());
    }

    /**
     * Reads the request, runs {@code invoker} under {@code loader} and answers: what every call does once its
     * function is ready, and what the generic runtime's warm-up runs through its own server.
     */
    static void invoke(HttpExchange exchange, String callId, String function, Invoker invoker, CallContext base,
                       ClassLoader loader) throws IOException {
        Request request;
        try (InputStream in = exchange.getRequestBody()) {
            request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), in.readAllBytes());
        }
        CallContext context = base.withCallId(callId);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        Response response;
        try {
            response = invoker.invoke(request, context);
        } catch (BadRequestException e) {
            Map<String, Object> body = Replies.error(400, e.getMessage());
            body.put("callId", callId);
            Replies.json(exchange, 400, body);
            return;
        } catch (Exception | LinkageError | StackOverflowError e) {
            System.err.println("faas-runtime: call " + callId + " to function '" + function + "' failed");
            e.printStackTrace();
            String what = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            Map<String, Object> body = Replies.error(500, "function '" + function + "' failed: " + what);
            body.put("callId", callId);
            Replies.json(exchange, 500, body);
            return;
        } finally {
            thread.setContextClassLoader(previous);
        }
        Replies.send(exchange, response);
    }
}
