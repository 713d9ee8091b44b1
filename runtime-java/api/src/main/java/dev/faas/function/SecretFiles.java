package dev.faas.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a function's secrets from its secrets directory, the way {@link Context#secret(String)} promises. */
final class SecretFiles {
    /** Names the directory on the process backend. */
    static final String DIRECTORY_VARIABLE = "FAAS_SECRETS_DIR";
    /** Where containers get their secrets, as in OpenFaaS. */
    static final String CONTAINER_DIRECTORY = "/var/openfaas/secrets";

    private SecretFiles() {
    }

    static Optional<byte[]> read(String directory, String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..")) {
            throw new IllegalArgumentException("invalid secret name '" + name
                    + "': give the name the secret was created with, without '/' or '..'");
        }
        Path dir = Path.of(directory == null || directory.isBlank() ? CONTAINER_DIRECTORY : directory);
        Path file = dir.resolve(name);
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret '" + name + "' from " + file + ": " + e, e);
        }
    }
}
