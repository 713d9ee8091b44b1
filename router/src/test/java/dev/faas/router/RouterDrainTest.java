package dev.faas.router;

import dev.faas.router.drain.RouterDrain;
import dev.faas.router.fakes.FakeController;
import dev.faas.router.fakes.FakeController.Script;
import dev.faas.router.fakes.FakeInstance;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the router: no new connections, and every call in flight (fast or general path) is still answered. */
class RouterDrainTest {
    private FakeController controller;
    private FakeInstance instance;
    private EmbeddedServer router;

    @BeforeEach
    void start() throws IOException {
        controller = new FakeController();
        instance = new FakeInstance("slow-1");
        for (String name : new String[] {"fast", "general"}) {
            controller.script(name, new Script(FakeController.endpoints(name, 60000, Map.of("slow-1", instance.url())),
                    0, 200, "{}"));
        }
        router = controller.startRouter(Map.of(
                "faas.router.endpoint-refresh", "30s",
                "faas.router.drain-timeout", "20s"));
    }

    @AfterEach
    void stop() {
        router.close();
        controller.close();
        instance.close();
    }

    @Test
    void callsInFlightAreAnsweredWhileNewConnectionsAreRefused() throws Exception {
        HttpClient fastClient = HttpClient.newHttpClient();
        // Endpoints cached and fresh: this connection's next call takes the fast path.
        assertEquals(200, fastClient.send(get("/function/fast/warm"), BodyHandlers.ofString()).statusCode());
        CompletableFuture<HttpResponse<String>> fast =
                fastClient.sendAsync(get("/function/fast/slow?ms=1500"), BodyHandlers.ofString());
        // Nothing cached for this one: the general path (Micronaut's handler and proxy client).
        CompletableFuture<HttpResponse<String>> general = HttpClient.newHttpClient()
                .sendAsync(get("/function/general/slow?ms=1500"), BodyHandlers.ofString());
        waitUntil(() -> instance.inFlight() == 2, "both calls reach the instance");

        CompletableFuture<Void> drained = router.getApplicationContext().getBean(RouterDrain.class).drain();

        waitUntil(() -> !accepts(router.getPort()), "the router stops accepting connections");
        assertFalse(drained.isDone(), "the drain waits for the calls in flight");
        HttpResponse<String> fastAnswer = fast.get(10, TimeUnit.SECONDS);
        HttpResponse<String> generalAnswer = general.get(10, TimeUnit.SECONDS);
        assertEquals(200, fastAnswer.statusCode(), fastAnswer.body());
        assertTrue(fastAnswer.body().contains("path: /slow?ms=1500"), fastAnswer.body());
        assertEquals(200, generalAnswer.statusCode(), generalAnswer.body());
        assertTrue(generalAnswer.body().contains("path: /slow?ms=1500"), generalAnswer.body());
        drained.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anIdleRouterDrainsAtOnce() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        assertEquals(200, client.send(get("/function/fast/warm"), BodyHandlers.ofString()).statusCode());

        router.getApplicationContext().getBean(RouterDrain.class).drain().get(5, TimeUnit.SECONDS);

        assertFalse(accepts(router.getPort()));
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.getPort() + path)).build();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException other) {
            return false;
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
