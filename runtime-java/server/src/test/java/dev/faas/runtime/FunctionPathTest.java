package dev.faas.runtime;

import static dev.faas.runtime.TestCalls.config;
import static dev.faas.runtime.TestCalls.get;
import static dev.faas.runtime.TestCalls.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faas.runtime.fixtures.ResourceHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading from a function directory: manifest discovery, lib/ jars, the context class loader, bad paths. */
class FunctionPathTest {

    @TempDir
    Path dir;
    private RuntimeServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ZERO);
        }
    }

    @Test
    void findsTheHandlerInTheManifestAndPutsLibJarsOnTheFunctionClassPath() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Faas-Handler", ResourceHandler.class.getName());
        writeJar(dir.resolve("function.jar"), manifest, "README.txt", "function jar");
        Files.createDirectories(dir.resolve("lib"));
        writeJar(dir.resolve("lib/greetings.jar"), null, "greeting.txt", "hello from lib");

        server = started(config("res", dir, null));
        assertTrue(server.loadHandler());

        assertEquals("hello from lib (visible during call: true)", get(server, "/").body());
    }

    @Test
    void aDirectoryWithoutAHandlerNameSaysHowToNameOne() throws Exception {
        writeJar(dir.resolve("function.jar"), null, "README.txt", "no manifest attribute");

        server = started(config("anon", dir, null));
        assertFalse(server.loadHandler());

        String body = get(server, "/_/health").body();
        assertTrue(body.contains("no handler class named: set FAAS_HANDLER or add a 'Faas-Handler' attribute to"
                + " the manifest of a jar in " + dir), body);
    }

    @Test
    void aMissingDirectoryIsReported() throws Exception {
        server = started(config("lost", dir.resolve("nowhere"), "function.Handler"));
        assertFalse(server.loadHandler());

        assertTrue(get(server, "/_/health").body().contains("function path " + dir.resolve("nowhere")
                + " is not a directory"));
    }

    private static void writeJar(Path jar, Manifest manifest, String entry, String content) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = manifest == null ? new JarOutputStream(file) : new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
