package dev.faas.controller.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads an instance's output file: its last lines, or what was appended since a given offset. */
public final class InstanceLogFile {
    /** Bytes read from the end when only the last lines are wanted. */
    private static final int TAIL_WINDOW = 64 * 1024;

    private final Path file;

    public InstanceLogFile(Path file) {
        this.file = file;
    }

    /** The last {@code n} lines (fewer if the file is shorter); empty when the file does not exist. */
    public List<String> lastLines(int n) {
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - TAIL_WINDOW);
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"));
            List<String> nonEmpty = lines.stream().filter(l -> !l.isEmpty()).toList();
            return nonEmpty.subList(Math.max(0, nonEmpty.size() - n), nonEmpty.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Complete lines appended after {@code offset}; the new offset is after the last complete line. */
    public Chunk readFrom(long offset) {
        if (file == null || !Files.isRegularFile(file)) {
            return new Chunk(List.of(), offset);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length <= offset) {
                return new Chunk(List.of(), Math.min(offset, length));
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 4 * 1024 * 1024)];
            raf.seek(offset);
            raf.readFully(bytes);
            int lastNewline = -1;
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    lastNewline = i;
                    break;
                }
            }
            if (lastNewline < 0) {
                return new Chunk(List.of(), offset);
            }
            String text = new String(bytes, 0, lastNewline, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
            return new Chunk(lines, offset + lastNewline + 1);
        } catch (IOException e) {
            return new Chunk(List.of(), offset);
        }
    }

    /** Lines read and the offset to continue from. */
    public record Chunk(List<String> lines, long nextOffset) {
    }
}
