package dev.faas.cli.stack;

import dev.faas.cli.CliException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackFileTest {

    @TempDir
    Path dir;

    @Test
    void readsOpenFaasStackWithHandlerRelativeToTheFile() throws Exception {
        Path stacks = Files.createDirectories(dir.resolve("stacks"));
        Path file = Files.writeString(stacks.resolve("stack.yml"), """
                version: 1.0
                provider:
                  name: openfaas
                  gateway: http://127.0.0.1:9999
                functions:
                  greet:
                    lang: java
                    handler: ./greet
                    namespace: team-a
                    environment:
                      GREETING: hello
                      RETRIES: 3
                    labels:
                      com.openfaas.scale.min: "0"
                    annotations:
                      owner: me
                    limits:
                      memory: 128Mi
                      cpu: 500m
                    requests:
                      memory: 64Mi
                    secrets:
                      - api-key
                  legacy:
                    image: faas.local/default/legacy:abc
                """);

        StackFile stack = StackFile.read(file);

        assertEquals("http://127.0.0.1:9999", stack.gateway());
        assertEquals(List.of("greet", "legacy"), List.copyOf(stack.functions().keySet()));
        StackFunction greet = stack.functions().get("greet");
        assertEquals(stacks.resolve("greet").toAbsolutePath(), greet.handler());
        assertEquals("java", greet.lang());
        assertEquals("team-a", greet.namespaceOr("default"));
        assertEquals(Map.of("GREETING", "hello", "RETRIES", "3"), greet.environment());
        assertEquals(Map.of("com.openfaas.scale.min", "0"), greet.labels());
        assertEquals(Map.of("owner", "me"), greet.annotations());
        assertEquals(new Resources("128Mi", "500m"), greet.limits());
        assertEquals(new Resources("64Mi", null), greet.requests());
        assertEquals(List.of("api-key"), greet.secrets());
        assertTrue(greet.hasSource());

        StackFunction legacy = stack.functions().get("legacy");
        assertFalse(legacy.hasSource());
        assertNull(legacy.handler());
        assertEquals("default", legacy.namespaceOr("default"));
        assertEquals(Map.of(), legacy.environment());
    }

    @Test
    void selectNamesTheKnownFunctionsWhenOneIsMissing() throws Exception {
        Path file = Files.writeString(dir.resolve("stack.yml"), "functions:\n  a:\n    handler: ./a\n");
        CliException e = assertThrows(CliException.class, () -> StackFile.read(file).select("b"));
        assertTrue(e.getMessage().contains("function 'b' is not in"), e.getMessage());
        assertTrue(e.getMessage().endsWith("it has: a"), e.getMessage());
    }

    @Test
    void missingFileAndFunctionWithoutHandlerOrImageAreClearErrors() throws Exception {
        CliException missing = assertThrows(CliException.class, () -> StackFile.read(dir.resolve("nope.yml")));
        assertTrue(missing.getMessage().contains("nope.yml not found"), missing.getMessage());

        Path file = Files.writeString(dir.resolve("stack.yml"), "functions:\n  a:\n    lang: java\n");
        CliException empty = assertThrows(CliException.class, () -> StackFile.read(file));
        assertTrue(empty.getMessage().contains("'a'") && empty.getMessage().contains("neither a handler nor an image"),
                empty.getMessage());
    }

    @Test
    void writerCreatesAStackFileTheReaderUnderstandsAndRefusesDuplicates() {
        Path file = dir.resolve("greet.yml");
        StackFileWriter.addFunction(file, "http://127.0.0.1:8080", "greet", "java", "./greet");
        StackFileWriter.addFunction(file, "http://127.0.0.1:8080", "other", "java-function", "./other");

        StackFile stack = StackFile.read(file);
        assertEquals("http://127.0.0.1:8080", stack.gateway());
        assertEquals("faas", stack.provider().name());
        assertEquals(dir.resolve("other").toAbsolutePath(), stack.functions().get("other").handler());
        assertEquals("java-function", stack.functions().get("other").lang());

        CliException e = assertThrows(CliException.class,
                () -> StackFileWriter.addFunction(file, "x", "greet", "java", "./greet"));
        assertTrue(e.getMessage().contains("already in"), e.getMessage());
    }
}
