package dev.faas.controller.secret;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.faas.controller.instance.Instance;
import dev.faas.controller.instance.InstanceRegistry;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.testsupport.InMemoryFunctionStore;
import dev.faas.controller.testsupport.RuntimeFixture;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.faas.controller.testsupport.RuntimeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The secrets API against a controller whose process backend starts real instances: status codes and shapes,
 * deploy checks, and that a value reaches only the function naming it — never a response, a log line or a file
 * left in plain text.
 */
class SecretsApiTest {
    private static final String VALUE = "pl41n-" + Long.toHexString(System.nanoTime()) + "-value";
    private static final String UPDATED = "upd4ted-" + Long.toHexString(System.nanoTime()) + "-value";

    @TempDir
    Path stateDir;
    private RuntimeFixture fixture;
    private EmbeddedServer server;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<String> responses = new ArrayList<>();

    @BeforeEach
    void start() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        InMemoryFunctionStore.clear();
        fixture = new RuntimeFixture(stateDir);
        server = fixture.start(Map.of());
    }

    @AfterEach
    void stop() {
        if (server.isRunning()) {
            server.getApplicationContext().close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @Test
    void answersWithOpenFaasCodesAndNeverReturnsValues() {
        assertEquals(201, call("POST", "/system/secrets", body("api-key", "openfaas-fn", VALUE)).statusCode());
        assertEquals(201, call("POST", "/system/secrets", "{\"name\":\"raw\",\"rawValue\":\""
                + Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8)) + "\"}").statusCode());
        assertEquals(201, call("POST", "/system/secrets", body("api-key", "team-b", VALUE)).statusCode());

        HttpResponse<String> list = call("GET", "/system/secrets?namespace=default", null);
        assertEquals(200, list.statusCode());
        assertEquals("[{\"name\":\"api-key\",\"namespace\":\"default\"},{\"name\":\"raw\",\"namespace\":\"default\"}]",
                list.body());
        assertEquals("[{\"name\":\"api-key\",\"namespace\":\"team-b\"}]",
                call("GET", "/system/secrets?namespace=team-b", null).body());

        expectError(409, "secret 'api-key' in namespace 'default' already exists",
                call("POST", "/system/secrets", body("api-key", null, VALUE)));
        assertEquals(200, call("PUT", "/system/secrets", body("api-key", null, UPDATED)).statusCode());
        expectError(404, "secret 'missing' in namespace 'default' does not exist",
                call("PUT", "/system/secrets", body("missing", null, VALUE)));
        expectError(400, "exactly one of", call("POST", "/system/secrets",
                "{\"name\":\"both\",\"value\":\"a\",\"rawValue\":\"YQ==\"}"));
        expectError(400, "exactly one of", call("POST", "/system/secrets", "{\"name\":\"neither\"}"));
        expectError(400, "not valid base64", call("POST", "/system/secrets", "{\"name\":\"b\",\"rawValue\":\"%%%\"}"));
        expectError(400, "not a DNS-1123 subdomain", call("POST", "/system/secrets", body("../etc", null, VALUE)));
        expectError(400, "the secret name is missing", call("POST", "/system/secrets", "{\"value\":\"x\"}"));
        expectError(413, "at most 524288 bytes", call("POST", "/system/secrets", body("big", null, "x".repeat(600_000))));
        HttpResponse<String> malformed = call("POST", "/system/secrets", "{\"name\":\"m\",\"value\":" + VALUE + "}");
        expectError(400, "malformed JSON body", malformed);
        expectError(401, "credentials required", fixture.get(server.getURI() + "/system/secrets"));

        // Deploying a function that names a missing secret is refused before anything starts.
        fixture.spec("uses", "b1", Map.of(), Map.of());
        expectError(400, "secret 'nope' does not exist in namespace 'default'; create it with `faas secret create nope`",
                call("POST", "/system/functions", deployment("uses", "b1", "api-key", "nope")));

        // A secret a function names cannot be deleted; once the function is gone it can (202, never 204).
        assertEquals(202, call("POST", "/system/functions", deployment("uses", "b1", "api-key")).statusCode());
        expectError(409, "is used by function(s) uses", call("DELETE", "/system/secrets", "{\"name\":\"api-key\"}"));
        assertEquals(202, call("DELETE", "/system/functions", "{\"functionName\":\"uses\"}").statusCode());
        assertEquals(202, call("DELETE", "/system/secrets", "{\"name\":\"api-key\",\"namespace\":\"openfaas-fn\"}").statusCode());
        assertEquals(202, call("DELETE", "/system/secrets?name=raw", null).statusCode());
        expectError(404, "secret 'api-key' in namespace 'default' does not exist",
                call("DELETE", "/system/secrets", "{\"name\":\"api-key\"}"));
        assertEquals("[]", call("GET", "/system/secrets?namespace=default", null).body());

        assertValuesNowhere();
    }

    @Test
    void onlyTheFunctionNamingASecretReadsItAndARedeployGetsTheNewValue() throws Exception {
        InstanceRegistry registry = server.getApplicationContext().getBean(InstanceRegistry.class);
        assertEquals(201, call("POST", "/system/secrets", body("api-key", null, VALUE)).statusCode());
        fixture.spec("reader", "c1", Map.of(), Map.of());
        fixture.spec("other", "c2", Map.of(), Map.of());
        assertEquals(202, call("POST", "/system/functions", deployment("reader", "c1", "api-key")).statusCode());
        assertEquals(202, call("POST", "/system/functions", deployment("other", "c2")).statusCode());

        Instance reader = registry.ready(new FunctionKey("default", "reader")).get(0);
        Instance other = registry.ready(new FunctionKey("default", "other")).get(0);
        assertEquals(VALUE, fixture.get(reader.handle().url() + "/secret?name=api-key").body());
        HttpResponse<String> denied = fixture.get(other.handle().url() + "/secret?name=api-key");
        assertEquals(404, denied.statusCode(), denied.body());
        for (Instance i : List.of(reader, other)) {
            String env = fixture.get(i.handle().url() + "/env-values").body();
            assertFalse(env.contains(VALUE), "a secret value in the environment of " + i.id());
        }
        Path readerDir = stateDir.resolve("secret-mounts").resolve(reader.id());
        assertEquals("r-xr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(readerDir)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(readerDir.getParent())));

        // Function status and list name the secret, never its value.
        String status = call("GET", "/system/function/reader", null).body();
        assertTrue(status.contains("\"secrets\":[\"api-key\"]"), status);
        call("GET", "/system/functions", null);

        // Update the secret, redeploy the unchanged spec: new instances read the new value, old ones go.
        assertEquals(200, call("PUT", "/system/secrets", body("api-key", null, UPDATED)).statusCode());
        assertEquals(202, call("PUT", "/system/functions", deployment("reader", "c1", "api-key")).statusCode());
        Instance redeployed = registry.ready(new FunctionKey("default", "reader")).stream()
                .filter(i -> !i.id().equals(reader.id())).findFirst().orElseThrow();
        assertEquals(UPDATED, fixture.get(redeployed.handle().url() + "/secret?name=api-key").body());

        // The old instance's secret directory goes with it.
        await("the old instance's secrets are removed", Duration.ofSeconds(20), () -> !Files.exists(readerDir));

        server.getApplicationContext().close();
        assertFalse(Files.exists(stateDir.resolve("secret-mounts").resolve(redeployed.id())),
                "secrets of a stopped instance stay on disk");
        assertValuesNowhere();
    }

    private void assertValuesNowhere() {
        for (String value : List.of(VALUE, UPDATED)) {
            for (String response : responses) {
                assertFalse(response.contains(value), "a secret value in a response: " + response);
            }
            for (ILoggingEvent event : logs.list) {
                String line = event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
                assertFalse(line.contains(value), "a secret value in the log: " + line);
            }
            assertFalse(logs.list.isEmpty(), "the log capture saw nothing");
            // Nothing under the state dir holds it in plain text once instances are gone (instance logs included).
            try (Stream<Path> files = Files.walk(stateDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (!file.startsWith(stateDir.resolve("secret-mounts"))) {
                        assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(value),
                                "a secret value in plain text in " + file);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private HttpResponse<String> call(String method, String path, String json) {
        HttpResponse<String> response = fixture.call(server, method, path, json);
        responses.add(response.body());
        return response;
    }

    private void expectError(int status, String messagePart, HttpResponse<String> response) {
        responses.add(response.body());
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"status\":" + status + ",\"message\":\""), response.body());
        assertTrue(response.body().contains(messagePart), response.body());
    }

    private static String body(String name, String namespace, String value) {
        return "{\"name\":\"" + name + "\"" + (namespace == null ? "" : ",\"namespace\":\"" + namespace + "\"")
                + ",\"value\":\"" + value + "\"}";
    }

    private static String deployment(String name, String tag, String... secrets) {
        String list = String.join(",", Stream.of(secrets).map(s -> "\"" + s + "\"").toList());
        return "{\"service\":\"" + name + "\",\"image\":\"faas.local/default/" + name + ":" + tag + "\",\"secrets\":["
                + list + "]}";
    }
}
