package dev.faas.controller.testsupport;

import dev.faas.controller.function.FunctionSpec;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A controller on a random port whose process backend launches {@link TestInstanceMain}, with a temporary
 * state directory and fast autoscaler settings.
 */
public final class RuntimeFixture {
    public static final String PASSWORD = "runtime-test-secret";

    private final Path stateDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public RuntimeFixture(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** Starts a controller with these extra properties on top of the test defaults. */
    public EmbeddedServer start(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("micronaut.server.host", "127.0.0.1");
        props.put("faas.state-dir", stateDir.toString());
        props.put("faas.auth.password", PASSWORD);
        props.put("faas.test.in-memory-store", "true");
        props.put("faas.runtime.classpath", testClasses());
        props.put("faas.runtime.main-class", TestInstanceMain.class.getName());
        props.put("faas.runtime.drain-seconds", 1);
        props.put("faas.autoscaler.interval", "100ms");
        props.put("faas.autoscaler.report-period", "200ms");
        props.put("faas.autoscaler.scale-down-delay", "1s");
        props.put("faas.autoscaler.idle-timeout", "10m");
        props.putAll(overrides);
        return ApplicationContext.run(EmbeddedServer.class, props);
    }

    /** A spec whose image (tag: hex, as the builder makes them) resolves to an artifact under the state dir. */
    public FunctionSpec spec(String name, String tag, Map<String, String> envVars, Map<String, String> labels) {
        try {
            Path artifact = Files.createDirectories(stateDir.resolve("artifacts/default").resolve(name).resolve(tag));
            Files.write(artifact.resolve("function.jar"), new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FunctionSpec(name, "default", "faas.local/default/" + name + ":" + tag, null, envVars,
                List.of(), List.of(), labels, Map.of(), null, null, false, null);
    }

    /** An authenticated call to the controller. */
    public HttpResponse<String> call(EmbeddedServer server, String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve(path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes()))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        return send(request.build());
    }

    /** A plain GET of an absolute URL (an instance, say). */
    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build());
    }

    /** Waits (polling) until the condition holds; fails the test after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String testClasses() {
        try {
            return Path.of(TestInstanceMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
