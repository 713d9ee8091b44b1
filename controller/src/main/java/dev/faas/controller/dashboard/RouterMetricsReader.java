package dev.faas.controller.dashboard;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the router's {@code /metrics} ({@code faas.dashboard.router-metrics-url}, default the gateway's) for the
 * call figures only the router knows: statuses and latencies. A router that does not answer yields no figures;
 * that is logged once per outage, not every second.
 */
@Singleton
public class RouterMetricsReader {
    private static final Logger LOG = LoggerFactory.getLogger(RouterMetricsReader.class);

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile boolean failing;

    public RouterMetricsReader(@Value("${faas.dashboard.router-metrics-url:}") String url,
                               @Value("${faas.gateway-url:http://127.0.0.1:8080}") String gatewayUrl) {
        String gateway = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
        this.url = URI.create(url == null || url.isBlank() ? gateway + "/metrics" : url);
    }

    /** The router's current figures, or {@link RouterCallFigures#NONE} when it cannot be read. */
    public RouterCallFigures read() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("status " + response.statusCode());
            }
            if (failing) {
                LOG.info("router metrics at {} readable again", url);
                failing = false;
            }
            return RouterCallFigures.parse(response.body());
        } catch (IOException e) {
            if (!failing) {
                LOG.info("router metrics at {} not readable ({}); the dashboard shows no latencies or statuses until "
                        + "they are", url, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
                failing = true;
            }
            return RouterCallFigures.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RouterCallFigures.NONE;
        }
    }
}
