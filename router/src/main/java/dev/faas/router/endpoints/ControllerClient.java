package dev.faas.router.endpoints;

import dev.faas.router.config.ControllerCredentials;
import dev.faas.router.config.DurationText;
import dev.faas.router.config.RouterSettings;
import dev.faas.router.error.ErrorBody;
import dev.faas.router.error.RouterException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Calls the controller's internal API (endpoints, activation, cold-start and traffic reports) with Basic auth. */
@Singleton
public class ControllerClient {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerClient.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final ControllerCredentials credentials;
    private final RouterSettings settings;

    public ControllerClient(@Client("${faas.router.controller-url}") HttpClient http,
                            ControllerCredentials credentials, RouterSettings settings) {
        this.http = http;
        this.credentials = credentials;
        this.settings = settings;
    }

    /** The ready instances of a function; fails with 404 when the controller does not know it. */
    public Mono<FunctionEndpoints> endpoints(FunctionRef ref) {
        MutableHttpRequest<?> request = authenticated(HttpRequest.GET(
                "/system/endpoints/" + ref.namespace() + "/" + ref.name()));
        return Mono.from(http.retrieve(request, FunctionEndpoints.class))
                .timeout(LOOKUP_TIMEOUT)
                .onErrorMap(e -> failure(ref, "look up the instances of", e));
    }

    /**
     * Asks the controller for a ready instance, scaling up from zero if needed; answers when one is ready.
     */
    public Mono<ActivationAnswer> activate(FunctionRef ref, long arrivedAt) {
        long timeoutMs = settings.activationTimeout().toMillis();
        MutableHttpRequest<?> request = authenticated(HttpRequest.POST(
                "/system/activate/" + ref.namespace() + "/" + ref.name(),
                Map.of("arrivedAt", arrivedAt, "timeoutMs", timeoutMs)));
        return Mono.from(http.retrieve(request, ActivationAnswer.class))
                .onErrorMap(e -> activationFailure(ref, e));
    }

    /** Tells the controller when the first response after a cold start went out; failures only matter to stats. */
    public void firstResponse(String coldStartId, long at) {
        MutableHttpRequest<?> request = authenticated(HttpRequest.POST(
                "/system/cold-starts/" + coldStartId + "/first-response", Map.of("at", at)));
        Mono.from(http.exchange(request)).subscribe(
                ok -> { },
                e -> LOG.debug("could not report the first response of cold start {}: {}", coldStartId, e.toString()));
    }

    /** Posts one traffic report. */
    public Mono<Void> reportTraffic(Object report) {
        return Mono.from(http.exchange(authenticated(HttpRequest.POST("/system/traffic", report)))).then();
    }

    private MutableHttpRequest<?> authenticated(MutableHttpRequest<?> request) {
        if (credentials.present()) {
            request.basicAuth(credentials.username(), credentials.password());
        }
        return request;
    }

    private RouterException failure(FunctionRef ref, String what, Throwable e) {
        if (e instanceof RouterException re) {
            return re;
        }
        if (e instanceof HttpClientResponseException re) {
            if (re.getStatus() == HttpStatus.NOT_FOUND) {
                return notFound(ref);
            }
            return new RouterException(HttpStatus.BAD_GATEWAY, "the controller could not " + what + " '"
                    + ref.name() + "' in namespace '" + ref.namespace() + "': " + messageOf(re));
        }
        return new RouterException(HttpStatus.BAD_GATEWAY, "the controller at " + settings.controllerUrl()
                + " could not be asked to " + what + " '" + ref.name() + "': " + e.getMessage());
    }

    private RouterException activationFailure(FunctionRef ref, Throwable e) {
        if (e instanceof HttpClientResponseException re && re.getStatus() == HttpStatus.NOT_FOUND) {
            return notFound(ref);
        }
        String reason = e instanceof HttpClientResponseException re ? messageOf(re)
                : "the controller at " + settings.controllerUrl() + " could not be reached (" + e.getMessage() + ")";
        return noInstance(ref, settings.activationTimeout(), reason);
    }

    /** The 503 that ends a held call. */
    public static RouterException noInstance(FunctionRef ref, Duration within, String reason) {
        return new RouterException(HttpStatus.SERVICE_UNAVAILABLE, "no instance of '" + ref.name()
                + "' became ready within " + DurationText.of(within) + ": " + reason);
    }

    /** The 404 for a function the controller does not know. */
    public static RouterException notFound(FunctionRef ref) {
        return new RouterException(HttpStatus.NOT_FOUND, "function '" + ref.name() + "' not found in namespace '"
                + ref.namespace() + "'");
    }

    private static String messageOf(HttpClientResponseException e) {
        Optional<ErrorBody> body = Optional.empty();
        try {
            body = e.getResponse().getBody(ErrorBody.class);
        } catch (RuntimeException ignored) {
            // not our JSON shape; fall back to the status line
        }
        return body.map(ErrorBody::message).filter(m -> m != null && !m.isBlank())
                .orElse("the controller answered " + e.getStatus().getCode() + " " + e.getStatus().getReason());
    }
}
