package dev.faas.router;

import dev.faas.router.fakes.FakeController;
import dev.faas.router.fakes.FakeController.Script;
import dev.faas.router.fakes.FakeInstance;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls to a function whose instances the router learnt of a while ago: it tries them while it asks the activator,
 * so that instances that still run keep serving (whatever the controller answers) and stopped ones cost no wait.
 */
class StaleEndpointsTest {
    private static final long REFRESH_MS = 300;
    private static FakeController controller;
    private static FakeInstance alive;
    private static FakeInstance stopped;
    private static FakeInstance successor;
    private static FakeInstance crashed;
    private static FakeInstance replacement;
    private static EmbeddedServer router;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        controller = new FakeController();
        alive = new FakeInstance("alive-1");
        stopped = new FakeInstance("stopped-1");
        successor = new FakeInstance("successor-1");
        // The controller cannot activate "steady" (it is restarting, say): its known instance must still serve.
        controller.script("steady", new Script(FakeController.endpoints("steady", 60000,
                Map.of("alive-1", alive.url())), 0, 503, "{\"status\":503,\"message\":\"controller restarting\"}"));
        controller.script("idle", new Script(FakeController.endpoints("idle", 60000,
                Map.of("stopped-1", stopped.url())), 0, 200, "{\"endpoints\":" + FakeController.endpoints("idle",
                60000, Map.of("successor-1", successor.url())) + ",\"coldStartId\":\"cs-idle\"}"));
        crashed = new FakeInstance("crashed-1");
        replacement = new FakeInstance("replacement-1");
        String crashedOnly = FakeController.endpoints("phoenix", 60000, Map.of("crashed-1", crashed.url()));
        controller.script("phoenix", new Script(crashedOnly, 0, 200, "{}"));
        // Its instance has just died: the controller names it until it hears of the exit, then the replacement.
        controller.scriptActivations("phoenix", List.of("{\"endpoints\":" + crashedOnly + "}",
                "{\"endpoints\":" + crashedOnly + "}", "{\"endpoints\":" + FakeController.endpoints("phoenix",
                        60000, Map.of("replacement-1", replacement.url())) + "}"));
        router = controller.startRouter(Map.of(
                "faas.router.activation-timeout", "2s",
                "faas.router.endpoint-refresh", REFRESH_MS + "ms"));
    }

    @AfterAll
    static void stop() {
        router.close();
        controller.close();
        alive.close();
        successor.close();
        replacement.close();
    }

    @Test
    void aKnownInstanceThatStillRunsServesEvenWhenTheActivationFails() throws Exception {
        assertEquals(200, send("/function/steady/first").statusCode());
        Thread.sleep(REFRESH_MS * 2); // what the router knows is now older than its refresh interval

        HttpResponse<String> response = send("/function/steady/second");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("instance: alive-1\n"), response.body());
        // Asked alongside, so it may reach the controller after the answer: its failure did not matter.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (controller.activations("steady") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, controller.activations("steady"), "the activator was asked alongside");
    }

    @Test
    void aKnownInstanceThatStoppedSinceIsReplacedByTheOneActivationThatWasAskedForAlongside() throws Exception {
        assertEquals(200, send("/function/idle/first").statusCode());
        stopped.close(); // e.g. scaled to zero while no call came
        Thread.sleep(REFRESH_MS * 2);

        HttpResponse<String> response = send("/function/idle/second");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("instance: successor-1\n"), response.body());
        assertEquals(1, controller.activations("idle"), "the activation asked for alongside is the one used");
    }

    @Test
    void aCallToAnInstanceThatHasJustDiedWaitsForTheControllerToNameItsReplacement() throws Exception {
        assertEquals(200, send("/function/phoenix/first").statusCode());
        crashed.close(); // the controller keeps naming it for two more activations

        HttpResponse<String> fast = send("/function/phoenix/second");
        assertEquals(200, fast.statusCode(), fast.body());
        assertTrue(fast.body().contains("instance: replacement-1\n"), fast.body());
        assertEquals(3, controller.activations("phoenix"), "asked again while the dead instance was named");
    }

    private static HttpResponse<String> send(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.getPort() + pathAndQuery))
                .GET().build(), BodyHandlers.ofString());
    }
}
