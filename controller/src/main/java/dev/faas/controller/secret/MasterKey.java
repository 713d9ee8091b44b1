package dev.faas.controller.secret;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The AES-256 key that encrypts secrets at rest, and where it came from (named in errors): the configured
 * {@code faas.secrets.key}, else {@code <state-dir>/secrets.key}, generated once with mode 600.
 */
public record MasterKey(SecretKeySpec key, String source) {
    /** Key length in bytes (AES-256). */
    public static final int LENGTH = 32;
    private static final String CONFIG = "faas.secrets.key (env FAAS_SECRETS_KEY)";

    /** The configured key when there is one, else the state directory's key file (created when missing). */
    public static MasterKey load(String configured, Path keyFile) {
        if (configured != null && !configured.isBlank()) {
            return new MasterKey(decode(configured.trim(), CONFIG), CONFIG);
        }
        String source = "key file " + keyFile;
        try {
            if (!Files.exists(keyFile)) {
                generate(keyFile);
            }
            String text = Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
            return new MasterKey(decode(text, source), source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets " + source + ": " + e.getMessage(), e);
        }
    }

    private static SecretKeySpec decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the secrets " + source + " is not base64: give 32 random bytes in "
                    + "base64, e.g. from `head -c 32 /dev/urandom | base64`");
        }
        if (bytes.length != LENGTH) {
            throw new IllegalStateException("the secrets " + source + " holds " + bytes.length + " bytes; an "
                    + "AES-256 key is " + LENGTH + " bytes (base64 of `head -c 32 /dev/urandom`)");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Writes a fresh random key readable by this user only; a concurrent creator's key wins if it was first. */
    private static void generate(Path keyFile) throws IOException {
        byte[] bytes = new byte[LENGTH];
        new SecureRandom().nextBytes(bytes);
        Files.createDirectories(keyFile.getParent());
        Path temp = Files.createTempFile(keyFile.getParent(), ".secrets-key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
            try {
                // No REPLACE_EXISTING: a key some secrets were already encrypted with must never be overwritten.
                Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                // another controller created it first; use that one
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + source + "]";
    }
}
