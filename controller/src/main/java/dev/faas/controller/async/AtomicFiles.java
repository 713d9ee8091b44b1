package dev.faas.controller.async;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes a file whole or not at all (temp file + rename), optionally forced to disk with its directory entry. */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code data} to {@code target}; with {@code durable} it is on disk when this returns (survives kill -9 and power loss). */
    static void write(Path target, byte[] data, boolean durable) {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (durable) {
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + temp + ": " + e.getMessage(), e);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (durable) {
                forceDirectory(target.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + temp + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a file if it exists. */
    static void delete(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + target + ": " + e.getMessage(), e);
        }
    }

    /** Creates a directory (and its parents) when missing. */
    static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    // The rename is durable only once the directory itself is forced (Linux allows opening a directory to fsync it).
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
