package dev.faas.controller.security;

import dev.faas.controller.api.ApiError;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import org.reactivestreams.Publisher;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Requires HTTP Basic credentials on every {@code /system/**} path; {@code /healthz} and {@code /metrics} stay open. */
@Filter("/system/**")
public class BasicAuthFilter implements HttpServerFilter {
    static final String REALM = "Basic realm=\"faas\"";
    private static final String BASIC = "Basic ";

    private final AuthCredentials credentials;

    public BasicAuthFilter(AuthCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        Optional<String> problem = check(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        if (problem.isEmpty()) {
            return chain.proceed(request);
        }
        MutableHttpResponse<?> response = ApiError.response(HttpStatus.UNAUTHORIZED, problem.get())
                .header(HttpHeaders.WWW_AUTHENTICATE, REALM);
        return Publishers.just(response);
    }

    /** Empty when the header carries the right credentials, else what to tell the caller (never echoing them). */
    private Optional<String> check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return Optional.of("credentials required: send HTTP Basic credentials (faas login, or the "
                    + "username and password from ~/.faas/credentials)");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.of("credentials required: the Authorization header is not valid Basic base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !credentials.matches(decoded.substring(0, colon), decoded.substring(colon + 1))) {
            return Optional.of("credentials required: wrong username or password");
        }
        return Optional.empty();
    }
}
