package dev.faas.controller.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An image manifest as a registry serves it: its layers, in order, with their compressed sizes. */
public record RegistryManifest(List<Layer> layers) {
    private static final String ACCEPT = "application/vnd.oci.image.manifest.v1+json,"
            + "application/vnd.docker.distribution.manifest.v2+json";

    /** One layer: digest and compressed size. */
    public record Layer(String digest, long size) {
    }

    /** The total compressed size of the layers. */
    public long compressedBytes() {
        return layers.stream().mapToLong(Layer::size).sum();
    }

    /** The layer digests in order. */
    public List<String> digests() {
        return layers.stream().map(Layer::digest).toList();
    }

    /**
     * Reads {@code repository}'s manifest {@code reference} (tag or digest) from {@code registry} (host:port),
     * over plain HTTP when {@code insecure}, else HTTPS. Anonymous: for the registries this platform pushes to.
     */
    public static RegistryManifest fetch(String registry, String repository, String reference, boolean insecure)
            throws IOException, InterruptedException {
        URI uri = URI.create((insecure ? "http://" : "https://") + registry + "/v2/" + repository + "/manifests/"
                + reference);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).header("Accept", ACCEPT)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        List<Layer> layers = new ArrayList<>();
        for (JsonNode layer : new ObjectMapper().readTree(response.body()).path("layers")) {
            layers.add(new Layer(layer.path("digest").asText(), layer.path("size").asLong()));
        }
        return new RegistryManifest(List.copyOf(layers));
    }
}
