package dev.faas.controller.dashboard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One of the router's endpoints the dashboard reads every sample. A router that does not answer yields nothing;
 * that is logged once per outage, not every second.
 */
final class RouterReading {
    private static final Logger LOG = LoggerFactory.getLogger(RouterReading.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String what;
    private final URI url;
    private final String authorization;
    private volatile boolean failing;

    /**
     * @param what          what the dashboard misses while it fails, for the log ("latencies or statuses")
     * @param authorization the Authorization header to send, or null
     */
    RouterReading(String what, URI url, String authorization) {
        this.what = what;
        this.url = url;
        this.authorization = authorization;
    }

    /** The router's gateway URL without a trailing slash, plus {@code path}, unless {@code configured} is set. */
    static URI url(String configured, String gatewayUrl, String path) {
        String gateway = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
        return URI.create(configured == null || configured.isBlank() ? gateway + path : configured);
    }

    URI url() {
        return url;
    }

    /** The body of a 200 answer, or empty when the router cannot be read. */
    Optional<String> get() {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("status " + response.statusCode());
            }
            if (failing) {
                LOG.info("router at {} readable again", url);
                failing = false;
            }
            return Optional.of(response.body());
        } catch (IOException e) {
            if (!failing) {
                LOG.info("router at {} not readable ({}); the dashboard shows no {} until it is", url,
                        e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(), what);
                failing = true;
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
