package dev.faas.router.proxy;

import dev.faas.router.activator.Activation;
import dev.faas.router.activator.Activator;
import dev.faas.router.calls.RecentCall;
import dev.faas.router.config.RouterSettings;
import dev.faas.router.endpoints.ControllerClient;
import dev.faas.router.endpoints.Endpoint;
import dev.faas.router.endpoints.EndpointCache;
import dev.faas.router.endpoints.FunctionEndpoints;
import dev.faas.router.endpoints.FunctionRef;
import dev.faas.router.error.RouterException;
import dev.faas.router.metrics.RouterMetrics;
import dev.faas.router.queue.CallQueues;
import dev.faas.router.queue.Lease;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.client.ProxyHttpClient;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends one function call to the least busy ready instance with a free slot (waiting for one in the function's
 * queue), holding it through an activation when there is none, and retrying once elsewhere when the chosen
 * instance refuses the connection. The call counts as in flight until its response body has been written.
 */
@Singleton
public class FunctionForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionForwarder.class);
    /** Request attribute set when the call waited for a cold start, read when the call is recorded. */
    private static final String WAITED_FOR_COLD_START = "faas.waitedForColdStart";

    private final ProxyHttpClient client;
    private final EndpointCache endpoints;
    private final Activator activator;
    private final CallQueues queues;
    private final ControllerClient controller;
    private final RouterMetrics metrics;
    private final RouterSettings settings;

    public FunctionForwarder(ProxyHttpClient client, EndpointCache endpoints, Activator activator,
                             CallQueues queues, ControllerClient controller, RouterMetrics metrics,
                             RouterSettings settings) {
        this.client = client;
        this.endpoints = endpoints;
        this.activator = activator;
        this.queues = queues;
        this.controller = controller;
        this.metrics = metrics;
        this.settings = settings;
    }

    /** Forwards the call; every outcome, errors included, is a response carrying the call headers. */
    public Mono<MutableHttpResponse<?>> forward(HttpRequest<?> request) {
        long startNanos = System.nanoTime();
        CallHeaders headers = CallHeaders.of(request, System.currentTimeMillis());
        FunctionPath[] called = new FunctionPath[1];
        return Mono.defer(() -> {
                    FunctionPath path = FunctionPath.parse(request.getUri().getRawPath());
                    called[0] = path;
                    checkBodySize(request);
                    Call call = new Call(request, path, headers);
                    return endpoints.get(path.ref()).flatMap(found -> found.endpoints().isEmpty()
                            ? activateThenSend(call, found, 0)
                            : send(call, found, null, 0));
                })
                .onErrorResume(error -> Mono.just(asResponse(error)))
                .map(response -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
                    HopByHopHeaders.strip(response.getHeaders());
                    response.header(CallHeaders.CALL_ID, headers.callId())
                            .header(CallHeaders.START_TIME, Long.toString(headers.startTime()))
                            .header(CallHeaders.DURATION, Long.toString(took.toMillis()));
                    FunctionPath path = called[0];
                    if (path == null) {
                        return response;
                    }
                    int status = response.code();
                    // Recorded once the last byte went out (as on the fast path): a streamed answer is not done
                    // at its headers.
                    boolean cold = request.getAttribute(WAITED_FOR_COLD_START).isPresent();
                    return StreamedBody.releaseWhenWritten(response, () -> metrics.recordCall(path.ref(),
                            new RecentCall(headers.callId(), headers.startTime(), request.getMethodName(),
                                    path.downstream(), status, System.nanoTime() - startNanos, cold)));
                });
    }

    private void checkBodySize(HttpRequest<?> request) {
        long length = request.getContentLength();
        if (length > settings.maxBodySize()) {
            throw new RouterException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "the request body of " + length
                    + " bytes is larger than the router's limit of " + settings.maxBodySize()
                    + " bytes (faas.router.max-body-size); send a smaller body");
        }
    }

    /** {@code refusals}: connections refused so far for this call (nothing was sent, so it may go elsewhere). */
    private Mono<MutableHttpResponse<?>> activateThenSend(Call call, FunctionEndpoints known, int refusals) {
        FunctionRef ref = call.path().ref();
        int queueSize = known.queueSizeOr(settings.maxHeldRequests());
        return activator.await(ref, call.headers().startTime(), queueSize)
                .flatMap(activation -> send(call, activation.endpoints(), activation, refusals));
    }

    private Mono<MutableHttpResponse<?>> send(Call call, FunctionEndpoints available, @Nullable Activation activation,
                                              int refusals) {
        FunctionRef ref = call.path().ref();
        Duration timeout = available.timeoutMs() > 0 ? Duration.ofMillis(available.timeoutMs())
                : settings.defaultTimeout();
        return queues.acquire(ref, available, available.queueSizeOr(settings.maxHeldRequests()),
                        call.headers().startTime(), settings.activationTimeout())
                .flatMap(lease -> sendTo(lease, call, timeout)
                        .doOnNext(response -> {
                            if (activation != null && activation.coldStart()) {
                                call.request().setAttribute(WAITED_FOR_COLD_START, true);
                            }
                            String coldStartId = activation == null ? null : activation.claimFirstResponse();
                            if (coldStartId != null) {
                                controller.firstResponse(coldStartId, System.currentTimeMillis());
                            }
                        })
                        .onErrorResume(error -> {
                            Endpoint endpoint = lease.endpoint();
                            if (CallFailures.mayRetryRefused(error, call.headers().startTime(),
                                    settings.activationTimeout())) {
                                // Nothing reached the instance, so sending the call again cannot run it twice.
                                LOG.debug("instance {} of {} refused the connection; retrying", endpoint.id(), ref);
                                metrics.recordRetry();
                                endpoints.invalidate(ref);
                                FunctionEndpoints others = available.without(endpoint);
                                if (!others.endpoints().isEmpty()) {
                                    return send(call, others, activation, refusals + 1);
                                }
                                // The activator may name an instance that has just died until the controller hears
                                // of it: from the second refusal on, it is asked again after a pause.
                                Duration pause = CallFailures.pauseBeforeActivation(refusals);
                                return pause.isZero() ? activateThenSend(call, others, refusals + 1)
                                        : Mono.delay(pause).then(Mono.defer(() -> activateThenSend(call, others,
                                                refusals + 1)));
                            }
                            LOG.debug("call {} to instance {} of {} failed", call.headers().callId(), endpoint.id(),
                                    ref, error);
                            return Mono.error(CallFailures.toCallerError(error, ref, endpoint, timeout,
                                    settings.maxBodySize()));
                        }));
    }

    /** Proxies the call on its lease; the lease ends with the response body, or at once when there is none. */
    private Mono<MutableHttpResponse<?>> sendTo(Lease lease, Call call, Duration timeout) {
        // Once there is a response its body owns the lease: the server cancels this Mono after taking the
        // response, and that cancel must not end a call whose body is still streaming.
        AtomicBoolean answered = new AtomicBoolean();
        return Mono.from(client.proxy(call.toInstance(lease.endpoint())))
                .timeout(lease.endpoint().callLimit(timeout, settings.activationTimeout()))
                .<MutableHttpResponse<?>>map(response -> {
                    answered.set(true);
                    return StreamedBody.releaseWhenWritten(response, lease::release);
                })
                .doOnError(error -> lease.release())
                .doOnCancel(() -> {
                    if (!answered.get()) {
                        lease.release();
                    }
                });
    }

    private static MutableHttpResponse<?> asResponse(Throwable error) {
        if (error instanceof RouterException known) {
            return known.toResponse();
        }
        LOG.warn("function call failed unexpectedly", error);
        return new RouterException(HttpStatus.BAD_GATEWAY, "the router could not forward the call: "
                + error.getMessage()).toResponse();
    }

    /** A call being forwarded: the original request, where it goes, and the headers it carries. */
    private record Call(HttpRequest<?> request, FunctionPath path, CallHeaders headers) {

        MutableHttpRequest<?> toInstance(Endpoint endpoint) {
            String base = endpoint.url().endsWith("/")
                    ? endpoint.url().substring(0, endpoint.url().length() - 1) : endpoint.url();
            String query = request.getUri().getRawQuery();
            MutableHttpRequest<?> out = request.mutate()
                    .uri(URI.create(base + path.downstream() + (query == null ? "" : "?" + query)));
            HopByHopHeaders.strip(out.getHeaders());
            headers.applyTo(out.getHeaders());
            return out;
        }
    }
}
