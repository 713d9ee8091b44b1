package dev.faas.router.proxy;

import io.micronaut.core.convert.value.MutableConvertibleValues;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.netty.NettyHttpResponseBuilder;
import io.micronaut.http.netty.stream.DefaultStreamedHttpResponse;
import io.micronaut.http.netty.stream.StreamedHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import reactor.core.publisher.Flux;

import java.util.Optional;

/**
 * Ties the end of a proxied call to the end of its response body: a streaming response is still in flight
 * until its last chunk has gone to the caller, or the caller went away.
 */
final class StreamedBody {
    private StreamedBody() {
    }

    /** The response with a body that runs {@code done} once when it has been written or abandoned. */
    static MutableHttpResponse<?> releaseWhenWritten(MutableHttpResponse<?> response, Runnable done) {
        if (response instanceof NettyHttpResponseBuilder netty && netty.isStream()
                && netty.toHttpResponse() instanceof StreamedHttpResponse streamed) {
            return new Observed(response, streamed, done);
        }
        // A complete (or empty) body: nothing more is read from the instance for it.
        done.run();
        return response;
    }

    /**
     * The proxied response as it is, except that the server subscribes to its body through a stream that tells
     * when it ended. The server writes a {@link NettyHttpResponseBuilder}'s stream and ignores {@code body()},
     * so the stream itself is what is wrapped. Headers are shared, so changes made to them still go out.
     */
    private static final class Observed implements MutableHttpResponse<Object>, NettyHttpResponseBuilder {
        private final MutableHttpResponse<Object> delegate;
        private final StreamedHttpResponse streamed;
        private final Runnable done;

        @SuppressWarnings("unchecked")
        Observed(MutableHttpResponse<?> delegate, StreamedHttpResponse streamed, Runnable done) {
            this.delegate = (MutableHttpResponse<Object>) delegate;
            this.streamed = streamed;
            this.done = done;
        }

        @Override
        public HttpResponse toHttpResponse() {
            return new DefaultStreamedHttpResponse(streamed.protocolVersion(), streamed.status(), streamed.headers(),
                    Flux.from(streamed).doFinally(signal -> done.run()));
        }

        @Override
        public StreamedHttpResponse toStreamHttpResponse() {
            return (StreamedHttpResponse) toHttpResponse();
        }

        @Override
        public FullHttpResponse toFullHttpResponse() {
            throw new UnsupportedOperationException("a proxied response streams");
        }

        @Override
        public boolean isStream() {
            return true;
        }

        @Override
        public MutableHttpResponse<Object> cookie(Cookie cookie) {
            delegate.cookie(cookie);
            return this;
        }

        @Override
        public <T> MutableHttpResponse<T> body(T body) {
            return delegate.body(body);
        }

        @Override
        public MutableHttpResponse<Object> status(int status, CharSequence message) {
            delegate.status(status, message);
            return this;
        }

        @Override
        public int code() {
            return delegate.code();
        }

        @Override
        public String reason() {
            return delegate.reason();
        }

        @Override
        public MutableHttpHeaders getHeaders() {
            return delegate.getHeaders();
        }

        @Override
        public MutableConvertibleValues<Object> getAttributes() {
            return delegate.getAttributes();
        }

        @Override
        public Optional<Object> getBody() {
            return delegate.getBody();
        }
    }
}
