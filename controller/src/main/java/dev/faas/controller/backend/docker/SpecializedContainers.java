package dev.faas.controller.backend.docker;

import dev.faas.controller.function.FunctionKey;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Which function each generic container was specialized for. A running container's labels cannot change, so they
 * keep saying "pool"; this note, beside its pool mount (not inside what the container sees), is how a restarted
 * controller knows the container serves that function and adopts it instead of stopping it as a leftover.
 */
final class SpecializedContainers {
    private final Path dir;

    /** The function and image a container now serves. */
    record Assignment(FunctionKey function, String image) {
    }

    SpecializedContainers(Path dir) {
        this.dir = dir;
    }

    /** Notes that {@code instanceId} serves {@code function} from {@code image}, written whole or not at all. */
    void record(String instanceId, FunctionKey function, String image) {
        Properties p = new Properties();
        p.setProperty("namespace", function.namespace());
        p.setProperty("name", function.name());
        p.setProperty("image", image);
        Path file = file(instanceId);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(tmp)) {
                p.store(out, null);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot note that container " + instanceId + " serves " + function + ": "
                    + e.getMessage(), e);
        }
    }

    /** What {@code instanceId} was specialized for, if it was and the note is readable. */
    Optional<Assignment> find(String instanceId) {
        Path file = file(instanceId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String namespace = p.getProperty("namespace");
        String name = p.getProperty("name");
        String image = p.getProperty("image");
        return namespace == null || name == null || image == null ? Optional.empty()
                : Optional.of(new Assignment(new FunctionKey(namespace, name), image));
    }

    /** Forgets the note of a container that is gone. */
    void forget(String instanceId) {
        try {
            Files.deleteIfExists(file(instanceId));
        } catch (IOException e) {
            // a stale note names a container that no longer exists: discovery never finds it
        }
    }

    private Path file(String instanceId) {
        return dir.resolve(instanceId + ".function");
    }
}
