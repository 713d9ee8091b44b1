package dev.faas.controller.build;

import io.micronaut.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Receives a zipped function project: stores it with a size cap, hashes it, and unpacks it safely. */
public final class SourceArchive {
    private SourceArchive() {
    }

    /** Copies the body to {@code file} and returns its sha256 in hex; more than {@code maxBytes} → 413. */
    public static String receive(InputStream body, Path file, long maxBytes) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(body, sha256); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new BuildRejectedException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "the source archive is "
                            + "larger than " + maxBytes / (1024 * 1024) + " MB: leave target/ and other build "
                            + "output out of it");
                }
                out.write(buffer, 0, n);
            }
            if (total == 0) {
                throw new BuildRejectedException(HttpStatus.BAD_REQUEST,
                        "the request has no body: send the function project as a zip (Content-Type: application/zip)");
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Unpacks {@code zip} into {@code target}; entries that would land outside it (zip-slip) → 400. */
    public static void unpack(Path zip, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = archive.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Path destination = root.resolve(entry.getName()).normalize();
                if (!destination.startsWith(root) || entry.getName().startsWith("/")) {
                    throw new BuildRejectedException(HttpStatus.BAD_REQUEST, "the source archive contains '"
                            + entry.getName() + "', which points outside the project directory; rebuild the zip "
                            + "from the project directory without absolute or '..' paths");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, destination);
                    }
                }
            }
        } catch (ZipException e) {
            throw new BuildRejectedException(HttpStatus.BAD_REQUEST,
                    "the request body is not a readable zip archive (" + e.getMessage() + ")");
        }
    }
}
