package dev.faas.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.cli.FakeGateway;
import dev.faas.cli.FakeGateway.Answer;
import dev.faas.cli.TestConsole;
import dev.faas.cli.stack.SourceArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeployCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READY = "{\"name\":\"greet\",\"image\":\"faas.local/default/greet:000000000000\",\"availableReplicas\":1}";

    @TempDir
    Path dir;

    private FakeGateway fake;
    private TestConsole console;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeGateway();
        console = new TestConsole(Map.of("FAAS_USERNAME", "admin", "FAAS_PASSWORD", "pw", "FAAS_GATEWAY", fake.url()),
                dir.resolve(".faas"), null, null);
        Files.createDirectories(dir.resolve("greet/src"));
        Files.writeString(dir.resolve("greet/src/Handler.java"), "class Handler {}");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void imageOnlyFunctionTriesPutThenPostOn404AndWaitsUntilReady() throws Exception {
        Path stack = Files.writeString(dir.resolve("stack.yml"), """
                provider: {name: faas}
                functions:
                  greet:
                    image: faas.local/default/greet:abc
                    environment: {MODE: test}
                    labels: {team: a}
                    limits: {memory: 128Mi}
                """);
        fake.on("PUT /system/functions", Answer.json(404, "{\"status\":404,\"message\":\"function 'greet' not found\"}"))
                .on("POST /system/functions", Answer.json(202, ""))
                .on("GET /system/function/greet", Answer.json(200, READY));

        int code = console.run("deploy", "-f", stack.toString());

        assertEquals(0, code, console.err());
        assertEquals(List.of("PUT /system/functions", "POST /system/functions", "GET /system/function/greet"), fake.calls());
        JsonNode body = JSON.readTree(fake.requests().get(1).body());
        assertEquals("greet", body.path("service").asText());
        assertEquals("faas.local/default/greet:abc", body.path("image").asText());
        assertEquals("default", body.path("namespace").asText());
        assertEquals("test", body.path("envVars").path("MODE").asText());
        assertEquals("a", body.path("labels").path("team").asText());
        assertEquals("128Mi", body.path("limits").path("memory").asText());
        assertTrue(console.out().contains("greet is ready: " + fake.url() + "/function/greet"), console.out());
    }

    @Test
    void buildsFromSourceStreamsTheLogAndDeploysTheBuiltImage() throws Exception {
        Path stack = Files.writeString(dir.resolve("stack.yml"), "functions:\n  greet:\n    lang: java\n    handler: ./greet\n");
        fake.on("GET /system/function/greet", Answer.json(404, "{\"status\":404,\"message\":\"not found\"}"))
                .on("POST /system/builds", Answer.json(202, "{\"id\":\"b1\",\"status\":\"running\"}"))
                .on("GET /system/builds/b1/logs", new Answer(200, "text/plain",
                        "\u001B[0m[INFO] Scanning for projects...\n[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ greet ---\n[INFO] BUILD SUCCESS\n"))
                .on("GET /system/builds/b1", Answer.json(200,
                        "{\"id\":\"b1\",\"status\":\"succeeded\",\"image\":\"faas.local/default/greet:123456789abc\"}"))
                .on("PUT /system/functions", Answer.json(202, ""));

        int code = console.run("deploy", "-f", stack.toString(), "--no-wait");

        assertEquals(0, code, console.err());
        FakeGateway.Recorded upload = fake.requests().stream().filter(r -> r.path().equals("/system/builds")).findFirst().orElseThrow();
        assertEquals("application/zip", upload.contentType());
        assertEquals("name=greet&namespace=default&template=java", upload.query(), "the stack's lang labels the image");
        assertArrayEquals(SourceArchive.of(dir.resolve("greet")).bytes(), upload.body());
        assertTrue(console.out().contains("[greet] compile (compiler)\n[greet] [INFO] BUILD SUCCESS\n"), console.out());
        assertFalse(console.out().contains("Scanning"), "progress only, the whole log with --verbose: " + console.out());
        FakeGateway.Recorded put = fake.requests().get(fake.requests().size() - 1);
        assertEquals("PUT", put.method());
        assertEquals("faas.local/default/greet:123456789abc", JSON.readTree(put.body()).path("image").asText());
    }

    @Test
    void skipsTheBuildWhenTheRunningImageHasTheSourceTag() throws Exception {
        Path stack = Files.writeString(dir.resolve("stack.yml"), "functions:\n  greet:\n    handler: ./greet\n");
        String tag = SourceArchive.of(dir.resolve("greet")).tag();
        fake.on("GET /system/function/greet", Answer.json(200,
                        "{\"name\":\"greet\",\"image\":\"faas.local/default/greet:" + tag + "\",\"availableReplicas\":1}"))
                .on("PUT /system/functions", Answer.json(202, ""));

        int code = console.run("deploy", "-f", stack.toString());

        assertEquals(0, code, console.err());
        assertFalse(fake.calls().contains("POST /system/builds"), fake.calls().toString());
        assertTrue(console.out().contains("greet: unchanged"), console.out());
    }

    @Test
    void failedBuildExitsOneWithTheBuildError() throws Exception {
        Path stack = Files.writeString(dir.resolve("stack.yml"), "functions:\n  greet:\n    handler: ./greet\n");
        fake.on("POST /system/builds", Answer.json(202, "{\"id\":\"b2\",\"status\":\"running\"}"))
                .on("GET /system/builds/b2/logs", new Answer(200, "text/plain", "[ERROR] cannot find symbol\n"))
                .on("GET /system/builds/b2", Answer.json(200,
                        "{\"id\":\"b2\",\"status\":\"failed\",\"error\":\"maven exited with code 1\"}"));

        int code = console.run("deploy", "-f", stack.toString());

        assertEquals(1, code);
        assertTrue(console.err().contains("faas: build of 'greet' failed: maven exited with code 1"), console.err());
        assertFalse(fake.calls().contains("PUT /system/functions"));
    }

    @Test
    void unreachableGatewayIsOneClearLineAndExitOne() throws Exception {
        Path stack = Files.writeString(dir.resolve("stack.yml"), "functions:\n  greet:\n    image: x:1\n");
        String url = fake.url();
        fake.close();

        int code = console.run("deploy", "-f", stack.toString());

        assertEquals(1, code);
        assertEquals("faas: cannot reach the gateway at " + url + " — is the platform running? Start it with ./faas up",
                console.err().strip());
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        Path stack = Files.writeString(dir.resolve("stack.yml"), "functions:\n  greet:\n    image: x:1\n");
        fake.close();

        assertEquals(1, console.run("deploy", "-f", stack.toString(), "--verbose"));
        assertTrue(console.err().contains("java.net.ConnectException"), console.err());
    }
}
