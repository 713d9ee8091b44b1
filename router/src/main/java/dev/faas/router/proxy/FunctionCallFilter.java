package dev.faas.router.proxy;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import org.reactivestreams.Publisher;

/** Serves every method on {@code /function/**} by forwarding to the function; bodies stream through. */
@Filter({FunctionPath.PREFIX, FunctionPath.PREFIX + "/**"})
public class FunctionCallFilter implements HttpServerFilter {
    private final FunctionForwarder forwarder;

    public FunctionCallFilter(FunctionForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        return forwarder.forward(request);
    }
}
