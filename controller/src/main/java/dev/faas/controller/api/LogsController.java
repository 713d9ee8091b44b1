package dev.faas.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.function.DurationText;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionNotFoundException;
import dev.faas.controller.function.FunctionStore;
import dev.faas.controller.function.InvalidFunctionException;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.runtime.LogLine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code GET /system/logs}: the function's instance output as newline-delimited JSON, optionally followed. */
@Controller("/system/logs")
public class LogsController {
    static final String NDJSON = "application/x-ndjson";

    private final FunctionStore store;
    private final FunctionRuntime runtime;
    private final ObjectMapper json;

    public LogsController(FunctionStore store, FunctionRuntime runtime, ObjectMapper json) {
        this.store = store;
        this.runtime = runtime;
        this.json = json;
    }

    @Get
    @Produces(NDJSON)
    public Flux<String> logs(@Nullable @QueryValue String name, @Nullable @QueryValue String namespace,
                             @Nullable @QueryValue Boolean follow, @Nullable @QueryValue Integer tail,
                             @Nullable @QueryValue String since) {
        if (name == null || name.isBlank()) {
            throw new InvalidFunctionException("query parameter 'name' is required: /system/logs?name=FUNCTION");
        }
        FunctionKey key = FunctionKey.parse(name, namespace);
        if (store.find(key).isEmpty()) {
            throw new FunctionNotFoundException(key);
        }
        Instant from = since(since);
        int lines = tail == null ? -1 : tail;
        boolean keepFollowing = Boolean.TRUE.equals(follow);
        return Flux.<LogLine>create(sink -> {
            AutoCloseable handle = runtime.logs(key, lines, from, keepFollowing, sink::next, sink::complete);
            sink.onDispose(() -> close(handle));
        }, FluxSink.OverflowStrategy.BUFFER).map(this::toLine);
    }

    /** RFC 3339 time, or a duration meaning "that long ago". */
    private static Instant since(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException notATime) {
            try {
                return Instant.now().minus(DurationText.parse("since", text));
            } catch (InvalidFunctionException notADuration) {
                throw new InvalidFunctionException("since '" + text
                        + "' is neither an RFC 3339 time (2024-01-31T12:00:00Z) nor a duration (5m, 1h)");
            }
        }
    }

    private String toLine(LogLine line) {
        try {
            return json.writeValueAsString(line) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(AutoCloseable handle) {
        try {
            if (handle != null) {
                handle.close();
            }
        } catch (Exception ignored) {
            // The subscriber is gone; there is nobody left to tell.
        }
    }
}
