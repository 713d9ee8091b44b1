package dev.faas.controller.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An instance's output written straight to a file (it must outlive the controller), so lines carry no time of
 * their own: for the tail, times are spread evenly between the instance's start and the file's last
 * modification; later lines get the time they were read.
 */
public final class FileInstanceLog implements InstanceLog {
    private final InstanceLogFile file;
    private final Path path;
    private final Instant startedAt;
    private long offset;

    public FileInstanceLog(Path path, Instant startedAt) {
        this.file = new InstanceLogFile(path);
        this.path = path;
        this.startedAt = startedAt;
    }

    @Override
    public List<InstanceLogLine> tail(int lines) {
        InstanceLogFile.Chunk chunk = file.readFrom(0);
        offset = chunk.nextOffset();
        List<String> text = chunk.lines();
        Instant last = modified();
        Instant first = startedAt.isAfter(last) ? last : startedAt;
        long span = Duration.between(first, last).toMillis();
        List<InstanceLogLine> timed = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            long at = text.size() == 1 ? span : span * i / (text.size() - 1);
            timed.add(new InstanceLogLine(first.plusMillis(at), text.get(i)));
        }
        return lines < 0 ? timed : timed.subList(Math.max(0, timed.size() - lines), timed.size());
    }

    @Override
    public List<InstanceLogLine> next() {
        InstanceLogFile.Chunk chunk = file.readFrom(offset);
        offset = chunk.nextOffset();
        Instant now = Instant.now();
        return chunk.lines().stream().map(l -> new InstanceLogLine(now, l)).toList();
    }

    @Override
    public void close() {
        // Nothing is held open between reads.
    }

    private Instant modified() {
        try {
            return path == null ? startedAt : Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            return startedAt;
        }
    }
}
