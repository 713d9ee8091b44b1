package dev.faas.runtime;

import static dev.faas.runtime.TestCalls.config;
import static dev.faas.runtime.TestCalls.post;
import static dev.faas.runtime.TestCalls.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The templates in {@code templates/} run on this runtime: their sources are compiled with javac in-process
 * (no Maven), packaged the way the template's pom does (function.jar with Faas-Handler, empty lib/) and called.
 */
class TemplateFunctionTest {

    private static final Path TEMPLATES = Path.of("../../templates").toAbsolutePath().normalize();

    @TempDir
    Path work;
    private RuntimeServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ZERO);
        }
    }

    @Test
    void theJavaTemplateGreetsTheBody() throws Exception {
        server = started(config("greeter", build("java"), null));
        assertTrue(server.loadHandler());

        assertEquals("Hello, Ada!", post(server, "/", "Ada").body());
    }

    @Test
    void theJavaFunctionTemplateMapsRecordsToJson() throws Exception {
        server = started(config("greeter", build("java-function"), null));
        assertTrue(server.loadHandler());

        assertEquals("{\"message\":\"Hello, Ada!\"}", post(server, "/", "{\"name\":\"Ada\"}").body());
        assertEquals(400, post(server, "/", "{\"name\":").statusCode());
    }

    /** Compiles a template as `faas new greeter` would create it and lays it out like its Maven build. */
    private Path build(String template) throws IOException {
        Path dir = TEMPLATES.resolve(template);
        String pom = Files.readString(dir.resolve("pom.xml"));
        assertTrue(pom.contains("<finalName>function</finalName>"), "template builds target/function.jar");
        assertTrue(pom.contains("<Faas-Handler>"), "template names the handler in the manifest");
        String handler = handlerOf(dir.resolve("template.yml"));

        Path sources = work.resolve(template + "-src");
        Path classes = Files.createDirectories(work.resolve(template + "-classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17",
                "-cp", System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.walk(dir.resolve("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path copy = sources.resolve(dir.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, Files.readString(file).replace("{{name}}", "greeter"));
                args.add(copy.toString());
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, args.toArray(String[]::new));
        assertEquals(0, status, "template " + template + " compiles:\n" + errors);

        Path function = Files.createDirectories(work.resolve(template + "-function"));
        Files.createDirectories(function.resolve("lib"));
        jar(classes, function.resolve("function.jar"), handler);
        return function;
    }

    private static String handlerOf(Path templateYml) throws IOException {
        return Files.readAllLines(templateYml).stream().filter(l -> l.startsWith("handler:"))
                .map(l -> l.substring("handler:".length()).trim()).findFirst()
                .orElseThrow(() -> new AssertionError(templateYml + " names no handler"));
    }

    private static void jar(Path classes, Path jar, String handler) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Faas-Handler", handler);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
        }
    }
}
