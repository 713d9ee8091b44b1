package dev.faas.controller.backend.process;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code faas.local/<namespace>/<name>:<tag>} to {@code <state>/artifacts/<namespace>/<name>/<tag>/},
 * the layout the builder writes. Replaceable by the build package's artifact store.
 */
@Singleton
public class StateDirArtifactResolver implements ArtifactResolver {
    private static final Pattern LOCAL_IMAGE =
            Pattern.compile("faas\\.local/([a-z0-9-]+)/([a-z0-9-]+):([A-Za-z0-9._-]+)");

    private final Path artifactsDir;

    public StateDirArtifactResolver(@Value("${faas.state-dir}") Path stateDir) {
        this.artifactsDir = stateDir.resolve("artifacts");
    }

    @Override
    public Optional<Path> artifactFor(String image) {
        if (image == null) {
            return Optional.empty();
        }
        Matcher m = LOCAL_IMAGE.matcher(image);
        if (!m.matches()) {
            return Optional.empty();
        }
        Path dir = artifactsDir.resolve(m.group(1)).resolve(m.group(2)).resolve(m.group(3));
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }
}
