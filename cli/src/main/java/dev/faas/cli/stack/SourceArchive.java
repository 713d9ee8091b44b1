package dev.faas.cli.stack;

import dev.faas.cli.CliException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A function's source directory as a deterministic zip: sorted entries, fixed timestamps, no {@code target/}
 * or dot-directories. The same sources give the same bytes, so the digest identifies the source.
 *
 * @param bytes the zip
 * @param sha256 hex sha256 of the zip
 */
public record SourceArchive(byte[] bytes, String sha256) {

    // 1980-01-01T00:00:00Z is the earliest time zip's DOS date format can hold; any fixed value would do.
    private static final long FIXED_TIME = 315532800000L;

    /** The image tag the builder derives from this archive: the first 12 hex of the sha256. */
    public String tag() {
        return sha256.substring(0, 12);
    }

    /** Zips a directory. */
    public static SourceArchive of(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new CliException("handler directory " + directory + " does not exist — check 'handler:' in the stack file");
        }
        try {
            List<Path> files = listFiles(directory);
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
                for (Path file : files) {
                    String name = directory.relativize(file).toString().replace('\\', '/');
                    ZipEntry entry = new ZipEntry(name);
                    entry.setTime(FIXED_TIME);
                    zip.putNextEntry(entry);
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
            byte[] bytes = buffer.toByteArray();
            return new SourceArchive(bytes, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (IOException e) {
            throw new CliException("cannot zip " + directory + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static List<Path> listFiles(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> included(directory.relativize(file)))
                    .sorted((a, b) -> directory.relativize(a).toString().replace('\\', '/')
                            .compareTo(directory.relativize(b).toString().replace('\\', '/')))
                    .toList();
        }
    }

    /** Skips build output and hidden directories (.git, .idea, ...) anywhere in the tree. */
    private static boolean included(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String part = relative.getName(i).toString();
            if (part.equals("target") || part.startsWith(".")) {
                return false;
            }
        }
        return true;
    }
}
