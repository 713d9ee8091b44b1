package dev.faas.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.cli.FakeGateway;
import dev.faas.cli.FakeGateway.Answer;
import dev.faas.cli.TestConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private FakeGateway fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeGateway();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private TestConsole console(String stdin) {
        return new TestConsole(Map.of("FAAS_USERNAME", "admin", "FAAS_PASSWORD", "pw", "FAAS_GATEWAY", fake.url()),
                home, null, stdin);
    }

    private JsonNode lastBody() throws Exception {
        return JSON.readTree(fake.requests().get(fake.requests().size() - 1).body());
    }

    @Test
    void createSendsTheValueFromALiteralAFileOrStdin() throws Exception {
        fake.on("POST /system/secrets", Answer.json(201, "{\"name\":\"api-key\",\"namespace\":\"team-a\"}"));

        TestConsole literal = console(null);
        assertEquals(0, literal.run("secret", "create", "api-key", "--from-literal", "s3cret", "-n", "team-a"), literal.err());
        JsonNode body = lastBody();
        assertEquals("api-key", body.path("name").asText());
        assertEquals("team-a", body.path("namespace").asText());
        assertEquals("s3cret", body.path("value").asText());
        assertFalse(literal.out().contains("s3cret"), literal.out());
        assertEquals("created secret api-key\n", literal.out());

        byte[] bytes = {0, 1, (byte) 0xfe, '\n'};
        Path file = Files.write(home.resolve("cert.bin"), bytes);
        TestConsole fromFile = console(null);
        assertEquals(0, fromFile.run("secret", "create", "cert", "--from-file", file.toString()), fromFile.err());
        assertArrayEquals(bytes, Base64.getDecoder().decode(lastBody().path("rawValue").asText()));
        assertEquals("default", lastBody().path("namespace").asText());
        assertTrue(lastBody().path("value").isMissingNode());

        TestConsole stdin = console("from-stdin");
        assertEquals(0, stdin.run("secret", "create", "piped"), stdin.err());
        assertEquals("from-stdin", new String(Base64.getDecoder().decode(lastBody().path("rawValue").asText()),
                StandardCharsets.UTF_8));
    }

    @Test
    void createOfAnExistingSecretSuggestsUpdate() {
        fake.on("POST /system/secrets", Answer.json(409, "{\"status\":409,\"message\":\"exists\"}"));
        TestConsole console = console(null);

        assertEquals(1, console.run("secret", "create", "api-key", "--from-literal", "x"));
        assertEquals("faas: secret 'api-key' already exists in namespace 'default'; change its value with "
                + "`faas secret update api-key`\n", console.err());
    }

    @Test
    void aValueIsRequiredOnceAndAMissingFileIsNamed() {
        TestConsole tty = console(null);
        assertEquals(1, tty.run("secret", "create", "api-key"));
        assertTrue(tty.err().contains("no value for secret 'api-key': give --from-literal VALUE, --from-file FILE"),
                tty.err());

        TestConsole both = console(null);
        assertEquals(1, both.run("secret", "create", "k", "--from-literal", "a", "--from-file", "f"));
        assertTrue(both.err().contains("--from-literal or --from-file, not both"), both.err());

        TestConsole missing = console(null);
        assertEquals(1, missing.run("secret", "update", "k", "--from-file", home.resolve("nope").toString()));
        assertTrue(missing.err().contains("file " + home.resolve("nope") + " does not exist"), missing.err());
        assertEquals(List.of(), fake.calls(), "nothing is sent without a value");
    }

    @Test
    void updateListAndRemove() throws Exception {
        fake.on("PUT /system/secrets", Answer.json(200, "{}"))
                .on("GET /system/secrets", Answer.json(200,
                        "[{\"name\":\"api-key\",\"namespace\":\"default\"},{\"name\":\"db.password\",\"namespace\":\"default\"}]"))
                .on("DELETE /system/secrets", Answer.json(202, ""));

        TestConsole update = console(null);
        assertEquals(0, update.run("secret", "update", "api-key", "--from-literal", "new"), update.err());
        assertEquals("PUT /system/secrets", fake.calls().get(0));
        assertEquals("new", lastBody().path("value").asText());
        assertTrue(update.out().contains("redeploy"), update.out());

        TestConsole list = console(null);
        assertEquals(0, list.run("secret", "list"), list.err());
        assertEquals("NAME\napi-key\ndb.password\n", list.out());
        assertEquals("namespace=default", fake.requests().get(1).query());

        TestConsole remove = console(null);
        assertEquals(0, remove.run("secret", "remove", "api-key"), remove.err());
        assertEquals("DELETE /system/secrets", fake.calls().get(2));
        assertEquals("api-key", lastBody().path("name").asText());
        assertEquals("removed secret api-key\n", remove.out());
    }

    @Test
    void errorsFromTheGatewayAreShownAndExitNonZero() {
        fake.on("PUT /system/secrets", Answer.json(404, "{\"status\":404,\"message\":\"secret 'x' in namespace "
                + "'default' does not exist; create it with POST /system/secrets (`faas secret create x`)\"}"))
                .on("DELETE /system/secrets", Answer.json(409, "{\"status\":409,\"message\":\"secret 'x' in namespace "
                        + "'default' is used by function(s) hello; remove it from their secrets and redeploy them first\"}"));

        TestConsole update = console(null);
        assertEquals(1, update.run("secret", "update", "x", "--from-literal", "v"));
        assertTrue(update.err().contains("`faas secret create x`") && update.err().contains("(HTTP 404)"), update.err());

        TestConsole remove = console(null);
        assertEquals(1, remove.run("secret", "remove", "x"));
        assertTrue(remove.err().contains("is used by function(s) hello"), remove.err());
    }

    @Test
    void deployPassesTheStackSecretsThrough() throws Exception {
        Path stack = Files.writeString(home.resolve("stack.yml"), """
                functions:
                  greet:
                    image: faas.local/default/greet:abc
                    secrets:
                      - api-key
                      - db.password
                """);
        fake.on("PUT /system/functions", Answer.json(202, ""));
        TestConsole console = console(null);

        assertEquals(0, console.run("deploy", "-f", stack.toString(), "--no-wait"), console.err());
        JsonNode secrets = JSON.readTree(fake.requests().get(0).body()).path("secrets");
        assertEquals(List.of("api-key", "db.password"), List.of(secrets.get(0).asText(), secrets.get(1).asText()));
        assertEquals(2, secrets.size());
    }
}
