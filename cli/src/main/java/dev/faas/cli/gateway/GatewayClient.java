package dev.faas.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.cli.CliContext;
import dev.faas.cli.CliException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Talks to the gateway: JSON requests with Basic auth, streamed text, and raw function calls.
 * Every failure becomes a {@link CliException} whose message is one line a person can act on.
 */
public final class GatewayClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Credentials credentials;
    private final String credentialsSource;
    private final HttpClient http;

    /**
     * @param baseUrl         gateway URL without a trailing slash
     * @param credentials       Basic-auth credentials, or null to send none
     * @param credentialsSource where the credentials come from (or would: the file), named in the 401 message
     */
    public GatewayClient(String baseUrl, Credentials credentials, String credentialsSource) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.credentials = credentials;
        this.credentialsSource = credentialsSource;
        // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every plain-http request.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A client for this gateway with the credentials from the environment or {@code $FAAS_HOME/credentials}. */
    public static GatewayClient connect(CliContext context, String baseUrl) {
        return new GatewayClient(baseUrl, Credentials.load(context).orElse(null), Credentials.source(context));
    }

    /** The gateway URL this client talks to. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The shared JSON mapper. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** {@code ?k=v&...} with values URL-encoded; null values are left out. */
    public static String query(String... keysAndValues) {
        StringJoiner joiner = new StringJoiner("&", "?", "");
        joiner.setEmptyValue("");
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                joiner.add(keysAndValues[i] + "=" + URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
            }
        }
        return joiner.toString();
    }

    /** GET a JSON document; any error status fails. */
    public JsonNode getJson(String path) {
        return parse(send("GET", path, null, null).body(), path);
    }

    /** The body of a response as JSON. */
    public JsonNode jsonOf(GatewayResponse response) {
        return parse(response.body(), "the request");
    }

    /** GET a JSON document, or empty when the gateway answers 404. */
    public Optional<JsonNode> findJson(String path) {
        GatewayResponse response = exchange("GET", path, null, null);
        if (response.status() == 404) {
            return Optional.empty();
        }
        failUnlessOk("GET", path, response);
        return Optional.of(parse(response.body(), path));
    }

    /** Sends a request with a JSON body (any object Jackson can write); any error status fails. */
    public GatewayResponse sendJson(String method, String path, Object body) {
        return send(method, path, toJson(body), "application/json");
    }

    /** Sends a request and fails with the gateway's message on any non-2xx status. */
    public GatewayResponse send(String method, String path, byte[] body, String contentType) {
        GatewayResponse response = exchange(method, path, body, contentType);
        failUnlessOk(method, path, response);
        return response;
    }

    /** Sends a request and returns whatever status came back (connection problems still fail). */
    public GatewayResponse exchange(String method, String path, byte[] body, String contentType) {
        HttpResponse<String> response = call(request(method, path, body, contentType, Duration.ofMinutes(5)),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new GatewayResponse(response.statusCode(), response.body());
    }

    /** GETs a streamed text response and hands each line over as it arrives; ends when the server ends it. */
    public void streamLines(String path, Consumer<String> onLine) {
        HttpResponse<Stream<String>> response = call(request("GET", path, null, null, null),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() < 200 || response.statusCode() >= 300) {
                failUnlessOk("GET", path, new GatewayResponse(response.statusCode(), String.join("\n", lines.toList())));
            }
            lines.forEach(onLine);
        } catch (UncheckedIOException e) {
            throw new CliException("lost the connection to the gateway at " + baseUrl + " while reading " + path
                    + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Calls a function. No credentials are sent: {@code /function/**} is open, and the function must not
     * see the platform's password.
     */
    public HttpResponse<InputStream> invoke(String method, String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return call(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest request(String method, String path, byte[] body, String contentType, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Accept", "application/json, text/plain, */*");
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (credentials != null) {
            builder.header("Authorization", credentials.basicAuthHeader());
        }
        if (timeout != null) {
            builder.timeout(timeout);
        }
        return builder.build();
    }

    private URI uri(String path) {
        try {
            return URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid gateway URL '" + baseUrl + "' — give one like http://127.0.0.1:8080", e);
        }
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for the gateway at " + baseUrl, e);
        } catch (IOException e) {
            if (isConnectFailure(e)) {
                throw new CliException("cannot reach the gateway at " + baseUrl
                        + " — is the platform running? Start it with ./faas up", e);
            }
            throw new CliException("lost the connection to the gateway at " + baseUrl + " during "
                    + request.method() + " " + request.uri().getRawPath() + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid gateway URL '" + baseUrl + "' — give one like http://127.0.0.1:8080", e);
        }
    }

    private static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private void failUnlessOk(String method, String path, GatewayResponse response) {
        if (response.ok()) {
            return;
        }
        if (response.status() == 401) {
            String hint = credentials == null
                    ? "no credentials found: ./faas up writes them to " + credentialsSource
                            + " (or set FAAS_USERNAME and FAAS_PASSWORD)"
                    : "check " + credentialsSource;
            throw new GatewayException(401, "401 unauthorized — " + hint);
        }
        String message = errorMessage(response.body());
        if (message == null) {
            message = method + " " + path + " failed";
        }
        throw new GatewayException(response.status(), message + " (HTTP " + response.status() + ")");
    }

    /** The {@code message} of a JSON error body, else the body's first line, else null. */
    static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException notJson) {
            // fall through to the plain text
        }
        String firstLine = body.strip().lines().findFirst().orElse("");
        return firstLine.length() > 300 ? firstLine.substring(0, 300) + "…" : firstLine;
    }

    private JsonNode parse(String body, String path) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "null" : body);
        } catch (IOException e) {
            throw new CliException("the gateway at " + baseUrl + " answered " + path + " with something that is not JSON: "
                    + errorMessage(body), e);
        }
    }

    private static byte[] toJson(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write request JSON", e);
        }
    }
}
