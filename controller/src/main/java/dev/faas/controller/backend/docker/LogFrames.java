package dev.faas.controller.backend.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.faas.controller.logs.InstanceLogLine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the engine's log frames (asked for with timestamps) into lines: a frame may hold part of a line or
 * several, so each stream keeps its unfinished line until the newline arrives.
 */
final class LogFrames extends ResultCallback.Adapter<Frame> {
    private final Consumer<InstanceLogLine> sink;
    private final Map<StreamType, StringBuilder> pending = new EnumMap<>(StreamType.class);

    LogFrames(Consumer<InstanceLogLine> sink) {
        this.sink = sink;
    }

    @Override
    public void onNext(Frame frame) {
        StringBuilder buffer = pending.computeIfAbsent(frame.getStreamType(), t -> new StringBuilder());
        buffer.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        int newline;
        while ((newline = buffer.indexOf("\n")) >= 0) {
            emit(buffer.substring(0, newline));
            buffer.delete(0, newline + 1);
        }
    }

    @Override
    public void onComplete() {
        pending.values().stream().filter(b -> b.length() > 0).forEach(b -> emit(b.toString()));
        pending.clear();
        super.onComplete();
    }

    private void emit(String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        int space = line.indexOf(' ');
        if (space > 0) {
            try {
                sink.accept(new InstanceLogLine(Instant.parse(line.substring(0, space)), line.substring(space + 1)));
                return;
            } catch (DateTimeParseException notATimestamp) {
                // fall through: keep the line, stamped now
            }
        }
        sink.accept(new InstanceLogLine(Instant.now(), line));
    }
}
