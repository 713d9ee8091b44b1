package dev.faas.router.proxy;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.faas.router.activator.Activation;
import dev.faas.router.activator.Activator;
import dev.faas.router.calls.RecentCall;
import dev.faas.router.config.DurationText;
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
import io.micronaut.http.HttpStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fast path of one inbound connection: a call to a function whose endpoints are known and that gets a slot
 * at once (the same {@link CallQueues} decision as every call) is forwarded here on raw Netty, over a pooled
 * keep-alive connection, streaming both ways with backpressure. A small call to a function with no ready instance
 * known (at zero, or not looked up lately) asks the {@link Activator} for one, as the general path does, and then
 * goes the same way: the code a cold start runs is then the code every warm call keeps compiled. Everything else
 * (a full queue, large or chunked uploads, bad names, other paths) goes on to Micronaut's handler and the
 * {@link FunctionForwarder}, which knows every rule; that keeps one set of rules and one place for the slow cases.
 * A close asked for during a fast call (Micronaut's graceful shutdown sees no request of its own on the connection)
 * waits until the call is answered.
 */
final class FastForwardHandler extends ChannelDuplexHandler {
    private final EndpointCache endpoints;
    private final CallQueues queues;
    private final UpstreamPools pools;
    private final RouterMetrics metrics;
    private final Activator activator;
    private final ControllerClient controller;
    private final RouterSettings settings;
    private final long maxBodySize;
    private final Duration defaultTimeout;

    /** Largest body a call held for an activation may bring on this path (it waits in memory meanwhile). */
    private static final long MAX_HELD_BODY = 64 * 1024;

    private ChannelHandlerContext ctx;
    /** True while the messages of a request Micronaut handles are passing through. */
    private boolean passing;
    private Exchange current;
    /** Messages that arrived during a fast call after its request (pipelining): replayed in order after it. */
    private final ArrayDeque<Object> deferred = new ArrayDeque<>();
    /** A close was asked for while a fast call was under way: done once it is answered. */
    private boolean closeWhenAnswered;

    FastForwardHandler(EndpointCache endpoints, CallQueues queues, UpstreamPools pools, RouterMetrics metrics,
                       Activator activator, ControllerClient controller, RouterSettings settings) {
        this.endpoints = endpoints;
        this.queues = queues;
        this.pools = pools;
        this.metrics = metrics;
        this.activator = activator;
        this.controller = controller;
        this.settings = settings;
        this.maxBodySize = settings.maxBodySize();
        this.defaultTimeout = settings.defaultTimeout();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (current != null) {
            if (!current.requestComplete && msg instanceof HttpContent content) {
                current.requestBody(content);
            } else {
                deferred.add(msg);
            }
            return;
        }
        if (msg instanceof HttpRequest request && !passing) {
            Exchange exchange = tryFast(request);
            if (exchange != null) {
                current = exchange;
                exchange.start(request);
                if (msg instanceof LastHttpContent last) {
                    exchange.requestBody(last.retain());
                    ReferenceCountUtil.release(msg);
                }
                return;
            }
            passing = !(msg instanceof LastHttpContent);
        } else if (passing && msg instanceof LastHttpContent) {
            passing = false;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current == null) {
            ctx.fireChannelReadComplete();
        } else if (!current.requestComplete && current.upstreamWritable()) {
            // Micronaut's handler reads on demand; during a fast call this handler asks for the body itself.
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.inboundWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (current != null && !current.done) {
            current.keepAlive = false;
            closeWhenAnswered = true;
            // However the connection ends after the call (here in finished(), or as the call closes it itself).
            ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
            return;
        }
        ctx.close(promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current != null) {
            current.abort();
        }
        deferred.forEach(ReferenceCountUtil::release);
        deferred.clear();
        ctx.fireChannelInactive();
    }

    private Exchange tryFast(HttpRequest request) {
        String uri = request.uri();
        if (!uri.startsWith(FunctionPath.PREFIX + "/") || HttpUtil.isTransferEncodingChunked(request)
                || HttpUtil.is100ContinueExpected(request) || !request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                || HttpUtil.getContentLength(request, 0L) > maxBodySize) {
            return null;
        }
        int question = uri.indexOf('?');
        FunctionPath path;
        try {
            path = FunctionPath.parse(question < 0 ? uri : uri.substring(0, question));
        } catch (RouterException invalid) {
            return null;
        }
        FunctionEndpoints known = endpoints.peek(path.ref());
        Lease lease = null;
        if (known != null && !known.endpoints().isEmpty()) {
            lease = queues.tryAcquire(path.ref(), known);
            if (lease == null) {
                return null; // every instance busy: the general path queues the call
            }
        } else if (HttpUtil.getContentLength(request, 0L) > MAX_HELD_BODY) {
            // Held while an instance is found, its body would wait in memory: the general path streams it.
            return null;
        }
        String query = question < 0 ? "" : uri.substring(question);
        metrics.recordFastPathCall();
        return new Exchange(path, query, known, lease);
    }

    private void finished() {
        current = null;
        if (closeWhenAnswered) {
            ctx.close();
            return;
        }
        while (current == null && !deferred.isEmpty()) {
            channelRead(ctx, deferred.poll());
        }
        if (current == null) {
            ctx.read();
        }
    }

    /** One fast call: its lease, its upstream connection, and where request and response stand. */
    final class Exchange {
        private final FunctionPath path;
        private final String query;
        /** What the call knows of the function: null until its activation answers when it came with none. */
        private FunctionEndpoints known;
        private final long startNanos = System.nanoTime();
        private final List<HttpContent> pendingBody = new ArrayList<>();
        private Lease lease;
        private CallHeaders headers;
        private String method;
        private HttpRequest upstreamRequest;
        boolean keepAlive;
        private Activation activation;
        /** An activation asked for while the instances known last are tried, in case they have stopped since. */
        private Mono<FunctionEndpoints> earlyActivation;
        /** Times a refused connection sent this call to the activator (nothing was sent, so it may go elsewhere). */
        private int activationsAfterRefusal;
        private Channel upstream;
        private UpstreamPool pool;
        private ScheduledFuture<?> timeout;
        boolean requestComplete;
        private boolean responseStarted;
        private boolean upstreamKeepAlive;
        private int status;
        private boolean done;

        Exchange(FunctionPath path, String query, FunctionEndpoints known, Lease lease) {
            this.path = path;
            this.query = query;
            this.known = known;
            this.lease = lease;
        }

        void start(HttpRequest request) {
            HttpHeaders in = request.headers();
            headers = CallHeaders.of(in::get, (InetSocketAddress) ctx.channel().remoteAddress(), false,
                    System.currentTimeMillis());
            keepAlive = HttpUtil.isKeepAlive(request);
            method = request.method().name();
            HttpHeaders out = in.copy();
            HopByHopHeaders.strip(out);
            headers.applyTo(out::set);
            upstreamRequest = new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), path.downstream() + query,
                    out);
            if (lease == null) {
                // No ready instance known: find or wake one; the function's own timeout starts once there is an
                // instance, as on the general path.
                findThenConnect();
            } else {
                connect();
            }
        }

        private void startTimeout() {
            if (timeout == null) {
                Duration limit = lease.endpoint().callLimit(
                        known.timeoutMs() > 0 ? Duration.ofMillis(known.timeoutMs()) : defaultTimeout,
                        settings.activationTimeout());
                timeout = ctx.executor().schedule(() -> timedOut(limit), limit.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void cancelTimeout() {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }

        private void releaseLease() {
            if (lease != null) {
                lease.release();
            }
        }

        private void connect() {
            startTimeout();
            Endpoint endpoint = lease.endpoint();
            pool = pools.pool(ctx.channel(), endpoint.url());
            upstreamRequest.headers().set(HttpHeaderNames.HOST, pool.host());
            pool.acquire().addListener(f -> {
                if (done) {
                    if (f.isSuccess()) {
                        pool.release((Channel) f.getNow());
                    }
                    return;
                }
                if (!f.isSuccess()) {
                    connectFailed(endpoint, f.cause());
                    return;
                }
                upstream = (Channel) f.getNow();
                upstream.attr(UpstreamPools.EXCHANGE).set(this);
                upstream.write(upstreamRequest);
                pendingBody.forEach(upstream::write);
                pendingBody.clear();
                upstream.flush();
            });
        }

        private void connectFailed(Endpoint endpoint, Throwable cause) {
            releaseLease();
            if (CallFailures.mayRetryRefused(cause, headers.startTime(), settings.activationTimeout())) {
                // Nothing reached the instance: another one may take the call.
                metrics.recordRetry();
                endpoints.invalidate(path.ref());
                Lease other = queues.tryAcquire(path.ref(), known.without(endpoint));
                if (other != null) {
                    lease = other;
                    connect();
                    return;
                }
                // No other instance is known (it died, or the function went to zero): find or wake one as the
                // general path does. Nothing was sent yet, and the request's body waits in pendingBody.
                Duration pause = CallFailures.pauseBeforeActivation(activationsAfterRefusal++);
                if (pause.isZero()) {
                    activateThenConnect();
                } else {
                    ctx.executor().schedule(() -> {
                        if (!done) {
                            activateThenConnect();
                        }
                    }, pause.toMillis(), TimeUnit.MILLISECONDS);
                }
                return;
            }
            fail(HttpResponseStatus.BAD_GATEWAY, "instance " + endpoint.id() + " of '" + path.ref().name()
                    + "' refused the connection; try again once the function has a ready instance");
        }

        /** Wakes an instance (or learns of one) through the activator, then connects to it. */
        private void activateThenConnect() {
            Mono<FunctionEndpoints> early = earlyActivation;
            earlyActivation = null; // used once: a later attempt asks again
            connectWhenReady(early != null ? early : activation(known));
        }

        /**
         * Finds an instance when no fresh answer is known; the activator's answer is the fresh one. With nothing
         * known, the controller is asked what the function has first (and its limits, which bound the calls held for
         * a wake-up), as the general path does; at zero, the activator wakes it. Known at zero, the activator is
         * asked at once. With instances known from a while ago, they are tried (they serve even while the controller
         * restarts) and the activator is asked at the same time: if they have stopped since, as after a scale to
         * zero while no call came, its answer is already on the way when the connection is refused.
         */
        private void findThenConnect() {
            FunctionEndpoints last = endpoints.lastKnown(path.ref());
            if (last == null) {
                connectWhenReady(endpoints.get(path.ref())
                        .flatMap(found -> found.endpoints().isEmpty() ? activation(found) : Mono.just(found)));
                return;
            }
            if (last.endpoints().isEmpty()) {
                connectWhenReady(activation(last));
                return;
            }
            earlyActivation = activation(last).cache();
            connectWhenReady(Mono.just(last));
            // Queued after the connection attempt, which must not wait for the request to the controller to be
            // built; its outcome is read only if the instances refuse. Should it fail while they serve (e.g. the
            // function's queue is full), the endpoints are refreshed the ordinary way instead.
            ctx.executor().execute(() -> earlyActivation.subscribe(ready -> { },
                    error -> endpoints.refresh(path.ref())));
        }

        private Mono<FunctionEndpoints> activation(FunctionEndpoints last) {
            int queueSize = last == null ? settings.maxHeldRequests() : last.queueSizeOr(settings.maxHeldRequests());
            return activator.await(path.ref(), headers.startTime(), queueSize).map(ready -> {
                activation = ready;
                return ready.endpoints();
            });
        }

        private void connectWhenReady(Mono<FunctionEndpoints> ready) {
            ready.flatMap(available -> {
                        known = available;
                        return queues.acquire(path.ref(), available,
                                available.queueSizeOr(settings.maxHeldRequests()), headers.startTime(),
                                settings.activationTimeout());
                    })
                    .subscribe(next -> ctx.executor().execute(() -> {
                        if (done) {
                            next.release();
                            return;
                        }
                        lease = next;
                        connect();
                    }), error -> ctx.executor().execute(() -> {
                        if (!done) {
                            RouterException reason = error instanceof RouterException e ? e
                                    : new RouterException(HttpStatus.BAD_GATEWAY,
                                            "the router could not forward the call: " + error.getMessage());
                            fail(HttpResponseStatus.valueOf(reason.status().getCode()), reason.getMessage(),
                                    reason.retryAfterSeconds());
                        }
                    }));
        }

        void requestBody(HttpContent content) {
            if (content instanceof LastHttpContent) {
                requestComplete = true;
            }
            if (done) {
                content.release();
            } else if (upstream == null) {
                pendingBody.add(content);
            } else {
                upstream.writeAndFlush(content);
            }
        }

        boolean upstreamWritable() {
            return upstream == null || upstream.isWritable();
        }

        void upstreamWritabilityChanged() {
            if (!requestComplete && upstream.isWritable()) {
                ctx.read();
            }
        }

        void inboundWritabilityChanged() {
            if (upstream != null) {
                upstream.config().setAutoRead(ctx.channel().isWritable());
            }
        }

        void fromUpstream(Object msg) {
            if (done) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpResponse response) {
                responseStarted = true;
                status = response.status().code();
                String coldStartId = activation == null ? null : activation.claimFirstResponse();
                long at = coldStartId == null ? 0 : System.currentTimeMillis();
                upstreamKeepAlive = HttpUtil.isKeepAlive(response);
                HttpHeaders out = response.headers();
                HopByHopHeaders.strip(out);
                out.set(CallHeaders.CALL_ID, headers.callId());
                out.set(CallHeaders.START_TIME, Long.toString(headers.startTime()));
                out.set(CallHeaders.DURATION, Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)));
                DefaultHttpResponse copy = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status(), out);
                HttpUtil.setKeepAlive(copy, keepAlive);
                ctx.write(copy);
                if (coldStartId != null) {
                    // Reported after the answer is on its way: building the report must not delay it.
                    ctx.executor().execute(() -> controller.firstResponse(coldStartId, at));
                }
            }
            if (msg instanceof HttpContent content) {
                boolean last = content instanceof LastHttpContent;
                ctx.writeAndFlush(content);
                if (!ctx.channel().isWritable()) {
                    upstream.config().setAutoRead(false);
                }
                if (last) {
                    complete();
                }
            }
        }

        private void complete() {
            done = true;
            cancelTimeout();
            releaseLease();
            recordCall(status);
            Channel used = upstream;
            used.attr(UpstreamPools.EXCHANGE).set(null);
            used.config().setAutoRead(true);
            if (!requestComplete || !upstreamKeepAlive) {
                // The instance closes it (Connection: close), or answered before taking the whole body: the
                // connection is in no state to reuse.
                used.close();
            }
            pool.release(used);
            if (!keepAlive || !requestComplete) {
                ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            finished();
        }

        void upstreamClosed(Throwable cause) {
            if (done) {
                return;
            }
            if (upstream != null) {
                pool.release(upstream);
            }
            if (responseStarted) {
                endAbruptly();
            } else {
                fail(HttpResponseStatus.BAD_GATEWAY, "instance " + lease.endpoint().id() + " of '"
                        + path.ref().name() + "' closed the connection before answering");
            }
        }

        private void timedOut(Duration limit) {
            if (done) {
                return;
            }
            if (upstream != null) {
                upstream.attr(UpstreamPools.EXCHANGE).set(null);
                upstream.close();
                pool.release(upstream);
            }
            if (responseStarted) {
                endAbruptly();
            } else {
                fail(HttpResponseStatus.GATEWAY_TIMEOUT, "function '" + path.ref().name() + "' did not answer within "
                        + DurationText.of(limit));
            }
        }

        /** The caller went away: the instance's answer has nowhere to go. */
        void abort() {
            if (done) {
                return;
            }
            done = true;
            cancelTimeout();
            releaseLease();
            pendingBody.forEach(HttpContent::release);
            pendingBody.clear();
            if (upstream != null) {
                upstream.attr(UpstreamPools.EXCHANGE).set(null);
                upstream.close();
                pool.release(upstream);
            }
        }

        private void endAbruptly() {
            done = true;
            cancelTimeout();
            releaseLease();
            recordCall(status);
            ctx.close();
        }

        private void recordCall(int answered) {
            metrics.recordCall(path.ref(), new RecentCall(headers.callId(), headers.startTime(), method,
                    path.downstream(), answered, System.nanoTime() - startNanos,
                    activation != null && activation.coldStart()));
        }

        /** Answers the caller with our JSON error; the connection closes unless the request was read whole. */
        private void fail(HttpResponseStatus failure, String message) {
            fail(failure, message, 0);
        }

        private void fail(HttpResponseStatus failure, String message, int retryAfterSeconds) {
            done = true;
            cancelTimeout();
            releaseLease();
            pendingBody.forEach(HttpContent::release);
            pendingBody.clear();
            recordCall(failure.code());
            String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(message));
            ByteBuf body = Unpooled.copiedBuffer("{\"status\":" + failure.code() + ",\"message\":\"" + quoted + "\"}",
                    StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, failure, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                    .set(CallHeaders.CALL_ID, headers.callId())
                    .set(CallHeaders.START_TIME, Long.toString(headers.startTime()))
                    .set(CallHeaders.DURATION, Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)));
            if (retryAfterSeconds > 0) {
                response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
            }
            boolean reusable = keepAlive && requestComplete;
            HttpUtil.setKeepAlive(response, reusable);
            if (reusable) {
                ctx.writeAndFlush(response);
                finished();
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
