package dev.faas.controller.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.testsupport.FunctionJars;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Image builders as the controller wires them, on one state directory shared by the image tests (under
 * {@code target/}, so the base runtime — a jlink and a training run, tens of seconds — is built once and reused).
 */
final class ImageFixture {
    static final Path STATE = Path.of("target/image-tests/state").toAbsolutePath();

    private ImageFixture() {
    }

    static ImageSettings settings(String target, String registry) {
        return new ImageSettings(target, registry, true, "", "", null, true, FunctionJars.RUNTIME_JAR.toString(),
                STATE);
    }

    static FunctionImageBuilder builder(ImageSettings settings) {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        return new FunctionImageBuilder(settings, new BaseRuntimeBuilder(settings), new ImageCatalog(settings, json));
    }

    /** A function name no other test run uses at the same time. */
    static FunctionKey uniqueFunction(String prefix) {
        return new FunctionKey("default", prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static FunctionImageRequest request(FunctionKey function, String tag, Path artifact) {
        return new FunctionImageRequest(function, tag, "java", "ab".repeat(32), artifact);
    }

    /** A build log that keeps its lines for assertions. */
    static final class Lines {
        final List<String> lines = new ArrayList<>();

        synchronized void add(String line) {
            lines.add(line);
        }

        synchronized long count(String fragment) {
            return lines.stream().filter(l -> l.contains(fragment)).count();
        }

        @Override
        public synchronized String toString() {
            return String.join("\n", lines);
        }
    }
}
