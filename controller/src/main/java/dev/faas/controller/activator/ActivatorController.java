package dev.faas.controller.activator;

import dev.faas.controller.api.ApiError;
import dev.faas.controller.autoscaler.CallLimits;
import dev.faas.controller.autoscaler.ScalingPolicy;
import dev.faas.controller.autoscaler.TrafficLedger;
import dev.faas.controller.coldstart.ColdStartRecorder;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionNotFoundException;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;
import dev.faas.controller.runtime.Activation;
import dev.faas.controller.runtime.ReplicaControl;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The internal endpoints routers use: look up endpoints, wake functions, report traffic and first responses. */
@Controller("/system")
public class ActivatorController {
    private static final long DEFAULT_ACTIVATION_TIMEOUT_MS = 30_000;

    private final ReplicaControl reconciler;
    private final ColdStartRecorder coldStarts;
    private final TrafficLedger traffic;

    public ActivatorController(ReplicaControl reconciler, ColdStartRecorder coldStarts, TrafficLedger traffic) {
        this.reconciler = reconciler;
        this.coldStarts = coldStarts;
        this.traffic = traffic;
    }

    /**
     * The instances of a function routers may call (possibly none): ready, or holding calls while they load;
     * unknown or invalid names answer 404/400.
     */
    @Get("/endpoints/{namespace}/{name}")
    public EndpointsView endpoints(String namespace, String name) {
        return view(new FunctionKey(namespace, name));
    }

    /**
     * Answers once an instance takes calls, starting one if the function is at zero: once it is ready, or, for a
     * pooled instance, once it is taken from the pool (it holds the calls until its function is delivered and
     * loaded).
     */
    @Post("/activate/{namespace}/{name}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public CompletableFuture<HttpResponse<?>> activate(String namespace, String name,
                                                       @Nullable @Body ActivationRequest request) {
        long arrivedAt = request != null && request.arrivedAt() != null ? request.arrivedAt() : System.currentTimeMillis();
        long timeoutMs = request != null && request.timeoutMs() != null && request.timeoutMs() > 0
                ? request.timeoutMs() : DEFAULT_ACTIVATION_TIMEOUT_MS;
        // Unknown and invalid names throw here, answered 404/400 by the API's exception handlers.
        FunctionKey key = new FunctionKey(namespace, name);
        CompletableFuture<Activation> activation = reconciler.activate(key, arrivedAt);
        // A copy, so that one caller's timeout does not fail the activation the others share.
        return activation.copy().orTimeout(timeoutMs, TimeUnit.MILLISECONDS).handle((done, error) -> {
            if (error == null) {
                try {
                    return HttpResponse.ok(new ActivationResponse(view(key), done.coldStartId()));
                } catch (FunctionNotFoundException e) {
                    return ApiError.response(HttpStatus.NOT_FOUND, e.getMessage());
                }
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String reason = cause instanceof TimeoutException
                    ? "no instance became ready within " + timeoutMs + " ms"
                    : "it could not be started: " + cause.getMessage();
            return ApiError.response(HttpStatus.SERVICE_UNAVAILABLE, "function '" + key.name() + "' in namespace '"
                    + key.namespace() + "' is not available: " + reason);
        });
    }

    /** Completes a cold-start record with the router's first response. */
    @Post("/cold-starts/{id}/first-response")
    public HttpResponse<?> firstResponse(String id, @Body FirstResponse body) {
        if (coldStarts.find(id).isEmpty()) {
            return ApiError.response(HttpStatus.NOT_FOUND, "cold start '" + id + "' is not known (or no longer kept)");
        }
        coldStarts.firstResponse(id, body.at());
        return HttpResponse.noContent();
    }

    /** Takes a router's traffic report for the autoscaler. */
    @Post("/traffic")
    public HttpResponse<?> traffic(@Body TrafficReport report) {
        if (report.functions() == null) {
            return HttpResponse.noContent();
        }
        Instant now = Instant.now();
        String router = report.router() == null ? "unnamed" : report.router();
        for (TrafficReport.FunctionTraffic f : report.functions()) {
            try {
                traffic.record(router, new FunctionKey(f.namespace(), f.name()), f.requests(), f.inFlight(),
                        f.instances(), now);
            } catch (InvalidFunctionException e) {
                return ApiError.response(HttpStatus.BAD_REQUEST, "traffic report: " + e.getMessage());
            }
        }
        return HttpResponse.noContent();
    }

    private EndpointsView view(FunctionKey key) {
        var instances = reconciler.callableEndpoints(key);
        FunctionSpec spec = reconciler.specOf(key);
        CallLimits limits = ScalingPolicy.callLimits(spec);
        return new EndpointsView(key.namespace(), key.name(), ExecTimeout.millis(spec), instances.stream()
                .map(i -> new EndpointsView.Endpoint(i.id(), i.url().toString(), i.loading()))
                .toList(), limits.concurrency(), limits.queueSize());
    }
}
