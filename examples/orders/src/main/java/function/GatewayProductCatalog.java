package function;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Asks the products function through the router: {@code GET {gateway}/function/products/{id}}. */
final class GatewayProductCatalog implements ProductCatalog {

    private final String gateway;
    private final HttpClient client;
    private final ObjectMapper json;

    GatewayProductCatalog(String gateway, HttpClient client, ObjectMapper json) {
        this.gateway = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
        this.client = client;
        this.json = json;
    }

    @Override
    public Optional<Product> find(String id) throws IOException, InterruptedException {
        URI uri = URI.create(gateway + "/function/products/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        // Generous timeout: the first call may wait for products to scale up from zero.
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("the products function answered " + response.statusCode() + ": " + response.body());
        }
        return Optional.of(json.readValue(response.body(), Product.class));
    }
}
