package dev.faas.controller.testsupport;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes function artifacts as the builder installs them ({@code function.jar} + {@code lib/}) with a really
 * compiled handler, reproducibly (fixed entry times), so that the same greeting gives the same bytes.
 */
public final class FunctionJars {
    /** runtime-java's jar as the root build leaves it (it also holds the function API). */
    public static final Path RUNTIME_JAR = Path.of("../runtime-java/server/target/faas-runtime.jar").toAbsolutePath().normalize();

    private FunctionJars() {
    }

    /** Writes an artifact whose handler answers {@code greeting + body} into {@code dir}, with one dependency jar. */
    public static Path artifact(Path dir, String greeting) throws IOException {
        return artifact(dir, Map.of("function.Handler", """
                package function;

                import dev.faas.function.Context;
                import dev.faas.function.Request;
                import dev.faas.function.Response;

                public class Handler implements dev.faas.function.Handler {
                    @Override
                    public Response handle(Request request, Context context) {
                        return Response.ok("%s" + request.bodyAsString());
                    }
                }
                """.formatted(greeting)), "function.Handler", Files.createDirectories(dir.resolve("artifact")));
    }

    /**
     * Compiles {@code sources} (class name → Java source, against the function API) into {@code artifact}'s
     * {@code function.jar}, naming {@code handler} in its manifest, plus one dependency jar in {@code lib/}.
     */
    public static Path artifact(Path work, Map<String, String> sources, String handler, Path artifact)
            throws IOException {
        if (!Files.isRegularFile(RUNTIME_JAR)) {
            throw new IllegalStateException(RUNTIME_JAR + " is missing: run `mvn -B -q install -DskipTests` first");
        }
        Path sourceDir = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-cp", RUNTIME_JAR.toString(), "-d",
                classes.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceDir.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (javac.run(null, null, errors, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("cannot compile the test handler: " + errors);
        }
        Files.createDirectories(artifact.resolve("lib"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Faas-Handler", handler);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(artifact.resolve("function.jar")))) {
            put(jar, "META-INF/MANIFEST.MF", out -> manifest.write(out));
            for (String className : sources.keySet()) {
                String entry = className.replace('.', '/') + ".class";
                byte[] bytes = Files.readAllBytes(classes.resolve(entry));
                put(jar, entry, out -> out.write(bytes));
            }
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(artifact.resolve("lib/dependency.jar")))) {
            put(jar, "dependency/readme.txt", out -> out.write("a dependency that never changes\n".getBytes()));
        }
        return artifact;
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void put(JarOutputStream jar, String name, Content content) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setLastModifiedTime(FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        jar.putNextEntry(entry);
        content.writeTo(jar);
        jar.closeEntry();
    }
}
