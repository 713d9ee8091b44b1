package dev.faas.controller.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Posts finished calls' results to their {@code X-Callback-Url}: the function's body and headers plus
 * {@code X-Call-Id}, {@code X-Function-Status}, {@code X-Function-Name}, {@code X-Call-State} and
 * {@code X-Duration-Ms}. A target that does not answer 2xx is retried with backoff up to
 * {@code faas.async.callback.max-attempts}; every attempt is recorded in the call's status.
 */
@Context
@Singleton
public class CallbackSender {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);
    // Set by the client or by us: a function's answer must not override them.
    private static final Set<String> OWN_HEADERS = Set.of("x-call-id", "x-function-status", "x-function-name",
            "x-call-state", "x-duration-ms");

    private final AsyncSettings settings;
    private final CallLedger ledger;
    private final ObjectMapper json;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "async-callbacks");
        thread.setDaemon(true);
        return thread;
    });

    public CallbackSender(AsyncSettings settings, CallLedger ledger, ObjectMapper json) {
        this.settings = settings;
        this.ledger = ledger;
        this.json = json;
        this.dir = AtomicFiles.directory(settings.directory().resolve("callbacks"));
        resumePending();
    }

    /** Stores the result (durably: the call is acknowledged after this) and posts it as soon as possible. */
    public void submit(PendingCallback callback) {
        store(callback, true);
        timer.execute(() -> deliver(callback));
    }

    private void deliver(PendingCallback callback) {
        PendingCallback tried = callback.tried();
        Integer status = null;
        String error;
        try {
            HttpResponse<Void> response = http.send(request(callback), HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            error = status >= 200 && status < 300 ? null
                    : "callback target " + callback.url() + " answered " + status;
        } catch (IOException e) {
            error = "callback target " + callback.url() + " could not be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            error = "callback to " + callback.url() + " failed: " + e.getMessage();
        }
        boolean delivered = error == null;
        boolean giveUp = !delivered && tried.attempts() >= settings.callbackMaxAttempts();
        String state = delivered ? CallbackStatus.DELIVERED : giveUp ? CallbackStatus.FAILED : CallbackStatus.PENDING;
        CallbackStatus record = new CallbackStatus(callback.url(), state, tried.attempts(), status, error);
        ledger.update(callback.callId(), call -> call.withCallback(record));
        if (delivered || giveUp) {
            if (giveUp) {
                LOG.warn("Giving up the callback of async call {} after {} attempts: {}", callback.callId(),
                        tried.attempts(), error);
            }
            AtomicFiles.delete(file(callback.callId()));
            return;
        }
        store(tried, false);
        Duration wait = settings.backoff().after(tried.attempts());
        timer.schedule(() -> deliver(tried), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private HttpRequest request(PendingCallback callback) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(callback.url()))
                .timeout(settings.callbackTimeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(callback.body()));
        callback.headers().forEach((name, values) -> {
            if (!OWN_HEADERS.contains(name) && !name.startsWith(":")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request.header("X-Call-Id", callback.callId())
                .header("X-Function-Name", callback.function() + "." + callback.namespace())
                .header("X-Function-Status", String.valueOf(callback.functionStatus()))
                .header("X-Call-State", callback.finalState().text())
                .header("X-Duration-Ms", String.valueOf(callback.durationMs()))
                .build();
    }

    private void resumePending() {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(path -> path.toString().endsWith(".callback")).forEach(path -> {
                try {
                    PendingCallback callback = json.readValue(path.toFile(), PendingCallback.class);
                    timer.execute(() -> deliver(callback));
                } catch (IOException e) {
                    LOG.warn("Ignoring unreadable pending callback {}: {}", path, e.getMessage());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list pending callbacks in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void store(PendingCallback callback, boolean durable) {
        try {
            AtomicFiles.write(file(callback.callId()), json.writeValueAsBytes(callback), durable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the callback of " + callback.callId() + ": "
                    + e.getMessage(), e);
        }
    }

    private Path file(String callId) {
        return dir.resolve(callId + ".callback");
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
