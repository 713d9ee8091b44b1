package dev.faas.router.calls;

import dev.faas.router.config.ControllerCredentials;
import dev.faas.router.endpoints.FunctionRef;
import dev.faas.router.error.RouterException;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /internal/calls[?namespace=&name=&limit=]}: each function's last calls through this router, newest
 * first, for the controller's dashboard. Behind the control API's credentials ({@code faas.auth}): call ids and
 * paths are not for anyone who can reach the router.
 */
@Controller("/internal/calls")
public class RecentCallsController {
    private final RecentCalls calls;
    private final byte[] expected;

    public RecentCallsController(RecentCalls calls, ControllerCredentials credentials) {
        this.calls = calls;
        this.expected = credentials.present()
                ? ("Basic " + Base64.getEncoder().encodeToString((credentials.username() + ":" + credentials.password())
                        .getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8)
                : null;
    }

    @Get
    public HttpResponse<?> list(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                @Nullable @QueryValue String namespace, @Nullable @QueryValue String name,
                                @Nullable @QueryValue Integer limit) {
        if (!authorized(authorization)) {
            return new RouterException(HttpStatus.UNAUTHORIZED, "the router's recent calls need the control API's "
                    + "credentials (faas.auth.username/password) as HTTP Basic")
                    .toResponse().header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"faas\"");
        }
        int max = limit == null ? calls.capacity() : limit;
        if (max < 1) {
            return new RouterException(HttpStatus.BAD_REQUEST, "limit must be at least 1, got " + max).toResponse();
        }
        List<FunctionCalls> functions = new ArrayList<>();
        for (Map.Entry<FunctionRef, CallRing> entry : calls.all().entrySet()) {
            FunctionRef ref = entry.getKey();
            if ((namespace == null || namespace.equals(ref.namespace())) && (name == null || name.equals(ref.name()))) {
                functions.add(new FunctionCalls(ref.namespace(), ref.name(), entry.getValue().total(),
                        entry.getValue().latest(max).stream().map(CallView::of).toList()));
            }
        }
        return HttpResponse.ok(new CallsAnswer(calls.capacity(), functions));
    }

    private boolean authorized(String authorization) {
        return expected != null && authorization != null
                && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }

    /** The answer: ring size and every function's calls. */
    @Introspected
    public record CallsAnswer(int capacity, List<FunctionCalls> functions) {
    }

    /** One function's calls, newest first; {@code total} counts every call since the router started. */
    @Introspected
    public record FunctionCalls(String namespace, String name, long total, List<CallView> calls) {
    }

    /** A call as JSON: duration in milliseconds with microsecond precision. */
    @Introspected
    public record CallView(String callId, long at, String method, String path, int status, double durationMs,
                           boolean coldStart) {
        static CallView of(RecentCall call) {
            return new CallView(call.callId(), call.at(), call.method(), call.path(), call.status(),
                    Math.round(call.durationNanos() / 1000.0) / 1000.0, call.coldStart());
        }
    }
}
