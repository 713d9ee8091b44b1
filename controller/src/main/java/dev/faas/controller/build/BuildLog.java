package dev.faas.controller.build;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The output of one build: every line goes to {@code build.log} on disk and to an in-memory replay of the last
 * {@value #MEMORY_LINES} lines, so that a log stream opened late still starts from the beginning (or close to it).
 */
public class BuildLog implements AutoCloseable {
    static final int MEMORY_LINES = 10_000;

    private final Sinks.Many<String> lines = Sinks.many().replay().limit(MEMORY_LINES);
    private final BufferedWriter file;

    public BuildLog(Path file) {
        try {
            this.file = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create build log " + file, e);
        }
    }

    /** Appends one line (without its line break). Called by a single thread: the one reading Maven's output. */
    public synchronized void append(String line) {
        lines.emitNext(line + "\n", Sinks.EmitFailureHandler.FAIL_FAST);
        try {
            file.write(line);
            file.newLine();
            file.flush();
        } catch (IOException e) {
            // The in-memory log still has the line; losing the file copy must not fail the build.
        }
    }

    /** Everything logged so far, then new lines until the build ends. */
    public Flux<String> stream() {
        return lines.asFlux();
    }

    /** Ends the stream for every reader. */
    @Override
    public synchronized void close() {
        lines.emitComplete(Sinks.EmitFailureHandler.FAIL_FAST);
        try {
            file.close();
        } catch (IOException ignored) {
            // Nothing more will be written.
        }
    }
}
