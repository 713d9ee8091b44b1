package dev.faas.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Over-limit concurrency gives 429 (issue 4), on the real platform.
 *
 * <p>A hard per-instance limit from the label {@code dev.faas.concurrency} and a per-function queue of
 * {@code dev.faas.queue-size} calls: a call that finds every instance at its limit and the queue full gets
 * {@code 429} JSON with {@code Retry-After} at once.
 */
class RouterOverloadTest {
    private static final int CONCURRENCY = 1;
    private static final int QUEUE_SIZE = 2;
    private static final long HOLD_MS = 2000;

    @TempDir
    static Path work;
    static Platform platform;
    static EchoFunction echo;

    @BeforeAll
    static void up() throws Exception {
        platform = Platform.up(work.resolve("faas-home"), "--no-examples", "--idle-timeout", "10m");
        // One instance only (min = max = 1), so that the limit, not the autoscaler, decides what happens.
        echo = EchoFunction.deploy(platform, work, "limited", Map.of("exec_timeout", "20s"),
                Map.of("dev.faas.concurrency", Integer.toString(CONCURRENCY),
                        "dev.faas.queue-size", Integer.toString(QUEUE_SIZE),
                        "com.openfaas.scale.min", "1", "com.openfaas.scale.max", "1",
                        "com.openfaas.scale.zero", "false"));
        echo.awaitReplicas(1, Duration.ofSeconds(60));
    }

    @AfterAll
    static void down() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void callsPastTheInstanceLimitAndTheQueueGet429WithRetryAfter() throws Exception {
        int calls = 8;
        int admitted = CONCURRENCY + QUEUE_SIZE;
        String port = echo.call("", bytes("warm")).port();
        // The warm-up's slot is freed once its last byte is written, which may be a moment after the caller has
        // it: wait for that, so that the burst finds the instance free.
        Platform.await(() -> "the warm-up call to end in the router", Duration.ofSeconds(10),
                () -> inFlight() == 0);

        List<CompletableFuture<EchoFunction.Answer>> answers = new ArrayList<>();
        AtomicLongArray answeredAfterMs = new AtomicLongArray(calls);
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            int index = i;
            answers.add(echo.callAsync("sleep=" + HOLD_MS, bytes("call " + i)).whenComplete((answer, error) ->
                    answeredAfterMs.set(index, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))));
            Thread.sleep(30);
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        // Which calls get in depends on the order they reach the router, which a busy machine may shuffle; how
        // many get in does not: the limit plus the queue.
        CallTally served = new CallTally("calls served (" + admitted + " expected: the limit plus the queue)");
        CallTally refused = new CallTally("calls refused (429 at once expected for the other " + (calls - admitted) + ")");
        for (int i = 0; i < calls; i++) {
            EchoFunction.Answer answer = answers.get(i).join();
            long tookMs = answeredAfterMs.get(i);
            String detail = "call " + i + " after " + tookMs + " ms: " + answer + ", Retry-After " + answer.retryAfter();
            if (answer.status() == 200) {
                if (Arrays.equals(bytes("call " + i), answer.body())) {
                    served.success();
                } else {
                    served.failure("200 with another call's body", detail);
                }
            } else if (answer.status() != 429) {
                refused.failure(Integer.toString(answer.status()), detail);
            } else if (answer.retryAfter() == null || !answer.message().contains("limited")) {
                refused.failure("429 without Retry-After or without a message naming the function", detail);
            } else if (tookMs >= HOLD_MS) {
                refused.failure("429 only after waiting for a slot", detail);
            } else {
                refused.success();
            }
        }
        served.print();
        refused.print();
        assertEquals(0, served.failures() + refused.failures(), served.summary() + "; " + refused.summary());
        assertEquals((long) admitted, served.successes(), served.summary());
        assertEquals((long) (calls - admitted), refused.successes(), refused.summary());

        String peak = echo.callInstance(port, "peak").text();
        System.out.println("most calls the instance ran at once: " + peak);
        assertEquals(Integer.toString(CONCURRENCY), peak, "the instance never ran more than its limit");

        // Refused calls must not leak slots: once the queue has drained, calls are served again.
        for (int i = 0; i < admitted + 1; i++) {
            EchoFunction.Answer again = echo.call("", bytes("again " + i));
            assertEquals(200, again.status(), again::toString);
        }
    }

    /** The router's count of the function's calls in flight, from its {@code /metrics}. */
    private static double inFlight() {
        try {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + platform.port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines()
                    .filter(line -> line.startsWith("faas_router_in_flight{function=\"limited\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst().orElse(0);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the router's /metrics", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
