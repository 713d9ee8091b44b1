package dev.faas.router.proxy;

import dev.faas.router.config.RouterSettings;
import dev.faas.router.error.RouterException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.client.ProxyHttpClient;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * Passes {@code /system/**}, {@code /healthz}, the dashboard ({@code /ui/**}) and {@code /async-function/**} (the
 * controller owns the durable async queue, so the router stays stateless) to the controller unchanged (path, query,
 * headers including Authorization, streamed body) and returns its answer unchanged, 401s and redirects included.
 */
@Filter({"/system/**", "/healthz", "/ui", "/ui/**", "/async-function/**"})
public class ControllerPassthroughFilter implements HttpServerFilter {
    private final ProxyHttpClient client;
    private final String controllerBase;

    public ControllerPassthroughFilter(ProxyHttpClient client, RouterSettings settings) {
        this.client = client;
        String url = settings.controllerUrl().toString();
        this.controllerBase = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        String query = request.getUri().getRawQuery();
        MutableHttpRequest<?> out = request.mutate()
                .uri(URI.create(controllerBase + request.getUri().getRawPath() + (query == null ? "" : "?" + query)));
        HopByHopHeaders.strip(out.getHeaders());
        Mono<MutableHttpResponse<?>> answer = Mono.from(client.proxy(out));
        return answer
                .doOnNext(response -> HopByHopHeaders.strip(response.getHeaders()))
                .onErrorResume(error -> Mono.<MutableHttpResponse<?>>just(new RouterException(HttpStatus.BAD_GATEWAY,
                        "the controller at " + controllerBase + " could not be reached; check that it is running ("
                                + error.getMessage() + ")").toResponse()));
    }
}
