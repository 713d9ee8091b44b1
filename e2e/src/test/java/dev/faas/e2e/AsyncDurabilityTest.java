package dev.faas.e2e;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7: an accepted asynchronous call is never lost. 100 calls are queued through the router, the controller
 * (which owns the queue) is killed with SIGKILL while most of them still wait, the platform is started again, and
 * every one of the 100 must reach its callback (at least once; duplicates are counted and printed).
 */
class AsyncDurabilityTest {
    @TempDir
    static Path work;
    static Platform platform;
    static HttpServer callbacks;
    static final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    static final Map<String, String> bodies = new ConcurrentHashMap<>();

    @BeforeAll
    static void up() throws Exception {
        callbacks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callbacks.createContext("/done", exchange -> {
            String callId = exchange.getRequestHeaders().getFirst("X-Call-Id");
            String status = exchange.getRequestHeaders().getFirst("X-Function-Status");
            String body = new String(exchange.getRequestBody().readAllBytes());
            if ("200".equals(status)) {
                received.computeIfAbsent(callId, k -> new AtomicInteger()).incrementAndGet();
                bodies.put(callId, body);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        callbacks.start();
        platform = Platform.up(work.resolve("faas-home"), "--no-examples", "--idle-timeout", "10m");
        EchoFunction echo = EchoFunction.deploy(platform, work, "echo", Map.of(),
                Map.of("com.openfaas.scale.zero", "false"));
        echo.awaitReplicas(1, Duration.ofSeconds(60));
    }

    @AfterAll
    static void down() throws Exception {
        if (platform != null) {
            System.out.println("controller log (tail):\n" + platform.tail("controller.log"));
            platform.close();
        }
        if (callbacks != null) {
            callbacks.stop(0);
        }
    }

    @Test
    void hundredQueuedCallsSurviveAKillNineOfTheController() throws Exception {
        String callbackUrl = "http://127.0.0.1:" + callbacks.getAddress().getPort() + "/done";
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Map<String, String> sent = new ConcurrentHashMap<>();
        // Each call takes 1 s in the function (8 workers: 8 calls/s) and all 100 are queued at once, from 10
        // clients, so most of them still wait when the controller dies.
        ExecutorService clients = Executors.newFixedThreadPool(10);
        List<Future<?>> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String body = "call-" + i;
            queued.add(clients.submit(() -> {
                HttpResponse<String> answer = platform.call("POST", "/async-function/echo?sleep=1000", body,
                        Map.of("X-Callback-Url", callbackUrl, "Content-Type", "text/plain"));
                assertEquals(202, answer.statusCode(), answer.body());
                String callId = answer.headers().firstValue("X-Call-Id").orElseThrow();
                accepted.add(callId);
                sent.put(callId, body);
                return null;
            }));
        }
        for (Future<?> call : queued) {
            call.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertEquals(100, accepted.size());
        int beforeKill = received.size();
        platform.killControllerHard();
        System.out.println("callbacks received when the controller was killed: " + beforeKill + " of 100");
        assertTrue(beforeKill < 100, "the kill must come while calls are still queued");

        platform.upAgain();
        Platform.await(() -> "all 100 callbacks; have " + received.size(), Duration.ofSeconds(120),
                () -> received.keySet().containsAll(accepted));

        long duplicates = received.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 1).count();
        System.out.println("after restart: " + received.size() + " distinct calls answered, " + duplicates
                + " delivered more than once (at least once)");
        for (String callId : accepted) {
            assertEquals(sent.get(callId), bodies.get(callId), "call " + callId + " ran with its own body");
        }
        HttpResponse<String> status = platform.system("GET", "/system/async/" + accepted.iterator().next(), null);
        assertEquals(200, status.statusCode(), status.body());
        assertTrue(status.body().contains("\"state\":\"completed\""), status.body());
    }
}
