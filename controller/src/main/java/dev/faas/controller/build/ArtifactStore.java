package dev.faas.controller.build;

import dev.faas.controller.backend.process.ArtifactResolver;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.InvalidFunctionException;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Built functions on disk: {@code <state>/artifacts/<namespace>/<name>/<tag>/} holding {@code function.jar} and
 * {@code lib/}, named by the image reference {@code faas.local/<namespace>/<name>:<tag>}.
 */
@Singleton
public class ArtifactStore implements ArtifactResolver {
    /** The registry part of image references that name artifacts built here. */
    public static final String LOCAL_REGISTRY = "faas.local";
    static final String FUNCTION_JAR = "function.jar";
    private final Path root;
    private final Pattern ownImage;

    /**
     * {@code imageRegistry} ({@code faas.image.registry}) names the registry builds push to: its references
     * {@code <registry>/<ns>/<name>:<tag>} name the same artifact as {@code faas.local/...}, so that the process
     * backend runs what a registry build reports.
     */
    public ArtifactStore(@Value("${faas.state-dir}") Path stateDir,
                         @Nullable @Value("${faas.image.registry:}") String imageRegistry) {
        this.root = stateDir.resolve("artifacts").toAbsolutePath();
        String registries = Pattern.quote(LOCAL_REGISTRY)
                + (imageRegistry == null || imageRegistry.isBlank() ? "" : "|" + Pattern.quote(imageRegistry.trim()));
        this.ownImage = Pattern.compile("(?:" + registries + ")/([^/]+)/([^/:]+):([0-9a-f]{1,64})");
    }

    /** The directory holding every artifact. */
    public Path root() {
        return root;
    }

    /** The artifact directory of a {@code faas.local/...} (or our registry's) image; empty when not ours or missing. */
    @Override
    public Optional<Path> artifactFor(String image) {
        Matcher m = image == null ? null : ownImage.matcher(image.trim());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        FunctionKey key;
        try {
            key = new FunctionKey(m.group(1), m.group(2));
        } catch (InvalidFunctionException e) {
            return Optional.empty();
        }
        Path dir = directory(key, m.group(3));
        return Files.isRegularFile(dir.resolve(FUNCTION_JAR)) ? Optional.of(dir) : Optional.empty();
    }

    /** The image reference of a function's build. */
    public static String imageOf(FunctionKey key, String tag) {
        return LOCAL_REGISTRY + "/" + key.namespace() + "/" + key.name() + ":" + tag;
    }

    /**
     * Copies {@code target/function.jar} and {@code target/lib/} of a finished Maven build into the store and
     * returns the image reference. Copies into a temporary directory first so a reader never sees half an artifact.
     */
    public String install(FunctionKey key, String tag, Path mavenTarget) throws IOException {
        Path dir = directory(key, tag);
        Files.createDirectories(dir.getParent());
        Path temp = Files.createTempDirectory(dir.getParent(), "." + tag);
        try {
            Files.copy(mavenTarget.resolve(FUNCTION_JAR), temp.resolve(FUNCTION_JAR));
            Path lib = mavenTarget.resolve("lib");
            Files.createDirectories(temp.resolve("lib"));
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    for (Path jar : (Iterable<Path>) jars::iterator) {
                        Files.copy(jar, temp.resolve("lib").resolve(jar.getFileName()));
                    }
                }
            }
            // The same source gives the same tag: an existing artifact is replaced by the fresh build.
            deleteTree(dir);
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(temp);
        }
        return imageOf(key, tag);
    }

    private Path directory(FunctionKey key, String tag) {
        return root.resolve(key.namespace()).resolve(key.name()).resolve(tag);
    }

    /** Deletes a directory and everything in it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
