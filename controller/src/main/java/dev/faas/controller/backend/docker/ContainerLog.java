package dev.faas.controller.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.faas.controller.logs.InstanceLog;
import dev.faas.controller.logs.InstanceLogLine;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A container's output as the engine keeps it, with the engine's timestamps: the tail is one request; the
 * first {@link #next()} opens a follow stream from the tail's last line on (lines at or before it are
 * dropped, so none is sent twice; after an empty tail, from when it was asked for). When the container is gone, its last lines kept at its exit stand in.
 */
final class ContainerLog implements InstanceLog {
    private static final long TAIL_TIMEOUT_SECONDS = 10;

    private final DockerClient docker;
    private final String container;
    /** Present once the container is gone: the last lines kept when it exited. */
    private final Supplier<Optional<List<InstanceLogLine>>> lastWords;
    private final Queue<InstanceLogLine> followed = new ConcurrentLinkedQueue<>();
    private Instant lastSeen;
    private Closeable follower;

    ContainerLog(DockerClient docker, String container, Supplier<Optional<List<InstanceLogLine>>> lastWords) {
        this.docker = docker;
        this.container = container;
        this.lastWords = lastWords;
    }

    @Override
    public List<InstanceLogLine> tail(int lines) {
        Optional<List<InstanceLogLine>> kept = lastWords.get();
        if (kept.isPresent()) {
            follower = () -> { }; // nothing more will be written
            List<InstanceLogLine> all = kept.get();
            return lines < 0 ? all : all.subList(Math.max(0, all.size() - lines), all.size());
        }
        List<InstanceLogLine> read = new ArrayList<>();
        Instant askedAt = Instant.now();
        LogContainerCmd cmd = command();
        cmd = lines < 0 ? cmd.withTailAll() : cmd.withTail(lines);
        try {
            if (!cmd.exec(new LogFrames(read::add)).awaitCompletion(TAIL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Docker engine did not send the logs of " + container
                        + " within " + TAIL_TIMEOUT_SECONDS + " s");
            }
        } catch (NotFoundException gone) {
            // Removed by someone else, or between the check above and this request: nothing to show.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Following continues after the tail; after an empty tail (tail=0), after the time it was asked for.
        lastSeen = read.isEmpty() ? askedAt : read.get(read.size() - 1).at();
        return read;
    }

    @Override
    public List<InstanceLogLine> next() {
        if (follower == null) {
            Instant after = lastSeen;
            LogContainerCmd cmd = command().withFollowStream(true)
                    .withSince(after == null ? 0 : (int) after.getEpochSecond());
            try {
                follower = cmd.exec(new LogFrames(line -> {
                    if (after == null || line.at().isAfter(after)) {
                        followed.add(line);
                    }
                }));
            } catch (NotFoundException gone) {
                follower = () -> { };
            }
        }
        List<InstanceLogLine> lines = new ArrayList<>();
        InstanceLogLine line;
        while ((line = followed.poll()) != null) {
            lines.add(line);
        }
        return lines;
    }

    private LogContainerCmd command() {
        return docker.logContainerCmd(container).withStdOut(true).withStdErr(true).withTimestamps(true);
    }

    @Override
    public void close() {
        if (follower != null) {
            try {
                follower.close();
            } catch (IOException ignored) {
                // The stream is abandoned either way.
            }
        }
    }
}
