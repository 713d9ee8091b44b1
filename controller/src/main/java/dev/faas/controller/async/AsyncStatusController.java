package dev.faas.controller.async;

import dev.faas.controller.api.ApiError;
import dev.faas.controller.function.FunctionKey;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;

import java.util.List;
import java.util.function.Predicate;

/** {@code /system/async}: the state of asynchronous calls and the dead letters (behind the control API's credentials). */
@Controller("/system/async")
public class AsyncStatusController {
    private static final int DEFAULT_LIMIT = 100;

    private final CallLedger ledger;

    public AsyncStatusController(CallLedger ledger) {
        this.ledger = ledger;
    }

    /** Calls, newest first; {@code function} (name or name.namespace) and {@code state} narrow the list. */
    @Get
    public HttpResponse<?> list(@Nullable @QueryValue String function, @Nullable @QueryValue String state,
                                @Nullable @QueryValue Integer limit) {
        Predicate<CallStatus> filter = status -> true;
        if (state != null) {
            CallState wanted = CallState.parse(state);
            if (wanted == null) {
                return ApiError.badRequest("unknown state '" + state
                        + "': use queued, running, retrying, completed or dead-letter");
            }
            filter = filter.and(status -> status.state() == wanted);
        }
        if (function != null) {
            FunctionKey key = FunctionKey.parse(function, null);
            filter = filter.and(status -> status.function().equals(key.name())
                    && status.namespace().equals(key.namespace()));
        }
        return HttpResponse.ok(ledger.list(filter, limit == null || limit <= 0 ? DEFAULT_LIMIT : limit));
    }

    /** Calls that failed every attempt, newest first. */
    @Get("/dead-letters")
    public List<CallStatus> deadLetters(@Nullable @QueryValue Integer limit) {
        return ledger.list(status -> status.state() == CallState.DEAD_LETTER,
                limit == null || limit <= 0 ? DEFAULT_LIMIT : limit);
    }

    /** One call's state, attempts, last error, result status and callback delivery. */
    @Get("/{callId}")
    public HttpResponse<?> show(@PathVariable String callId) {
        return ledger.find(callId).<HttpResponse<?>>map(HttpResponse::ok)
                .orElseGet(() -> ApiError.response(HttpStatus.NOT_FOUND, "async call '" + callId
                        + "' not found: use the X-Call-Id the 202 answer carried (faas async list shows recent calls)"));
    }
}
