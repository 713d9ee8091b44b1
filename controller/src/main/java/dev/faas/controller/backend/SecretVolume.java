package dev.faas.controller.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One instance's secrets as files in a private directory ({@code <root>/<instanceId>/<secret name>}), which a
 * backend hands to the instance: its path in {@code FAAS_SECRETS_DIR} for a process, a read-only bind mount at
 * {@code /var/openfaas/secrets} for a container. The root is mode 700, so only the controller's user (and the
 * instance it is mounted into) can read them.
 */
public final class SecretVolume {
    /** Where containers see their secrets, as OpenFaaS functions expect. */
    public static final String CONTAINER_PATH = "/var/openfaas/secrets";

    private final Path root;

    public SecretVolume(Path root) {
        this.root = root;
    }

    /** Writes the instance's secrets and returns their directory (created even when there are none). */
    public Path write(String instanceId, Map<String, byte[]> secrets) {
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            Path dir = root.resolve(instanceId);
            delete(instanceId);
            Files.createDirectory(dir);
            for (Map.Entry<String, byte[]> secret : secrets.entrySet()) {
                Path file = dir.resolve(secret.getKey());
                Files.write(file, secret.getValue());
                // Readable by the instance's own (possibly different, non-root) user inside a container; the
                // root directory above keeps every other user of this machine out.
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secrets of instance " + instanceId + " under " + root
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds secrets to an instance's existing directory — for a generic container, whose directory is already
     * mounted, so it must stay the same directory (a new one would not be seen through the mount).
     */
    public void add(String instanceId, Map<String, byte[]> secrets) {
        Path dir = root.resolve(instanceId);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            for (Map.Entry<String, byte[]> secret : secrets.entrySet()) {
                Path file = dir.resolve(secret.getKey());
                Files.write(file, secret.getValue());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secrets of instance " + instanceId + " under " + root
                    + ": " + e.getMessage(), e);
        }
    }

    /** Removes the instance's secret files; nothing happens when there are none. */
    public void delete(String instanceId) {
        Path dir = root.resolve(instanceId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            // The directory was made read-only once written; its files can be removed only when it is writable.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the secrets of instance " + instanceId + ": "
                    + e.getMessage(), e);
        }
    }
}
