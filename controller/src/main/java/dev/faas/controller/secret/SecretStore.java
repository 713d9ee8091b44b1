package dev.faas.controller.secret;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Secrets encrypted at rest, one file per secret: {@code <state-dir>/secrets/<namespace>/<name>}, written
 * atomically, readable by the controller's user only. Values leave this class only to start instances.
 */
@Singleton
public class SecretStore {
    private static final String DIR_MODE = "rwx------";
    private static final String FILE_MODE = "rw-------";

    private final Path root;
    private final SecretCipher cipher;
    private final int maxSize;

    public SecretStore(@Value("${faas.state-dir}") Path stateDir,
                       @Nullable @Value("${faas.secrets.key:}") String configuredKey,
                       @Value("${faas.secrets.max-size:524288}") int maxSize) {
        this.root = stateDir.resolve("secrets");
        this.cipher = new SecretCipher(MasterKey.load(configuredKey, stateDir.resolve("secrets.key")));
        this.maxSize = maxSize;
    }

    /** Stores a new secret; 409 when it exists. */
    public synchronized void create(SecretId id, byte[] value) {
        if (exists(id)) {
            throw SecretRejectedException.exists(id);
        }
        write(id, value);
    }

    /** Replaces the value of an existing secret; 404 when there is none. */
    public synchronized void update(SecretId id, byte[] value) {
        if (!exists(id)) {
            throw SecretRejectedException.notFound(id, "create it with POST /system/secrets (`faas secret create "
                    + id.name() + "`)");
        }
        write(id, value);
    }

    /** Removes a secret; 404 when there is none. */
    public synchronized void delete(SecretId id) {
        try {
            if (!Files.deleteIfExists(fileOf(id))) {
                throw SecretRejectedException.notFound(id, "list the secrets with GET /system/secrets?namespace="
                        + id.namespace());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + id + ": " + e.getMessage(), e);
        }
    }

    /** Whether the secret exists. */
    public boolean exists(SecretId id) {
        return Files.isRegularFile(fileOf(id));
    }

    /** The secrets of one namespace, or of all when {@code namespace} is null, sorted; names only. */
    public List<SecretId> list(@Nullable String namespace) {
        List<SecretId> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            files.filter(f -> Files.isRegularFile(f) && root.relativize(f).getNameCount() == 2)
                    .filter(f -> !f.getFileName().toString().startsWith(".")) // temp files of a write in progress
                    .map(f -> new SecretId(f.getParent().getFileName().toString(), f.getFileName().toString()))
                    .filter(id -> namespace == null || id.namespace().equals(namespace))
                    .forEach(ids::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the secrets under " + root + ": " + e.getMessage(), e);
        }
        ids.sort(Comparator.comparing(SecretId::namespace).thenComparing(SecretId::name));
        return ids;
    }

    /** The decrypted value, or empty when the secret does not exist. */
    public Optional<byte[]> read(SecretId id) {
        Path file = fileOf(id);
        try {
            return Optional.of(cipher.open(id, Files.readAllBytes(file), file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + id + " from " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(SecretId id, byte[] value) {
        if (value.length > maxSize) {
            throw SecretRejectedException.tooLarge(id, value.length, maxSize);
        }
        Path file = fileOf(id);
        try {
            createPrivateDirectory(root);
            createPrivateDirectory(file.getParent());
            // Secret names never start with '.', so a leftover temp file cannot be mistaken for a secret.
            Path temp = Files.createTempFile(file.getParent(), ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(FILE_MODE)));
            try {
                Files.write(temp, cipher.seal(id, value));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + id + " to " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(DIR_MODE));
        }
    }

    private Path fileOf(SecretId id) {
        return root.resolve(id.namespace()).resolve(id.name());
    }
}
