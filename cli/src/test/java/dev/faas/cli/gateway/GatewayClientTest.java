package dev.faas.cli.gateway;

import dev.faas.cli.CliException;
import dev.faas.cli.FakeGateway;
import dev.faas.cli.FakeGateway.Answer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayClientTest {

    private static final Credentials ADMIN = new Credentials("admin", "s3cret-pass");

    @Test
    void sendsBasicAuthOnSystemCalls() throws Exception {
        try (FakeGateway fake = new FakeGateway().on("GET /system/functions", Answer.json(200, "[]"))) {
            new GatewayClient(fake.url(), ADMIN, "creds").getJson("/system/functions?namespace=default");

            String expected = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret-pass".getBytes(StandardCharsets.UTF_8));
            assertEquals(expected, fake.requests().get(0).authorization());
            assertEquals("namespace=default", fake.requests().get(0).query());
        }
    }

    @Test
    void doesNotSendCredentialsToFunctions() throws Exception {
        try (FakeGateway fake = new FakeGateway().on("POST /function/hello", new Answer(200, "text/plain", "hi"))) {
            new GatewayClient(fake.url(), ADMIN, "creds").invoke("POST", "/function/hello",
                    java.util.Map.of(), "x".getBytes(StandardCharsets.UTF_8));
            assertNull(fake.requests().get(0).authorization());
        }
    }

    @Test
    void surfacesTheJsonErrorMessage() throws Exception {
        try (FakeGateway fake = new FakeGateway().on("GET /system/function/x",
                Answer.json(404, "{\"status\":404,\"message\":\"function 'x' not found in namespace 'default'\"}"))) {
            GatewayException e = assertThrows(GatewayException.class,
                    () -> new GatewayClient(fake.url(), ADMIN, "creds").getJson("/system/function/x"));
            assertEquals(404, e.status());
            assertEquals("function 'x' not found in namespace 'default' (HTTP 404)", e.getMessage());
        }
    }

    @Test
    void unauthorizedPointsAtTheCredentialsFile() throws Exception {
        try (FakeGateway fake = new FakeGateway().on("GET /system/functions",
                Answer.json(401, "{\"status\":401,\"message\":\"credentials required\"}"))) {
            GatewayException e = assertThrows(GatewayException.class,
                    () -> new GatewayClient(fake.url(), ADMIN, "/home/me/.faas/credentials").getJson("/system/functions"));
            assertTrue(e.getMessage().startsWith("401 unauthorized — check /home/me/.faas/credentials"), e.getMessage());
            assertTrue(!e.getMessage().contains("s3cret"), "the password must not appear");

            GatewayException none = assertThrows(GatewayException.class,
                    () -> new GatewayClient(fake.url(), null, "/home/me/.faas/credentials").getJson("/system/functions"));
            assertTrue(none.getMessage().startsWith("401 unauthorized — no credentials found: ./faas up writes them to "
                    + "/home/me/.faas/credentials"), none.getMessage());
            assertNull(fake.requests().get(1).authorization());
        }
    }

    @Test
    void connectionRefusedSaysHowToStartThePlatform() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        CliException e = assertThrows(CliException.class,
                () -> new GatewayClient(url, ADMIN, "creds").getJson("/system/functions"));
        assertEquals("cannot reach the gateway at " + url + " — is the platform running? Start it with ./faas up",
                e.getMessage());
    }

    @Test
    void streamsLinesAsTheyArrive() throws Exception {
        try (FakeGateway fake = new FakeGateway().on("GET /system/builds/b1/logs",
                new Answer(200, "text/plain", "one\ntwo\n"))) {
            List<String> lines = new ArrayList<>();
            new GatewayClient(fake.url(), ADMIN, "creds").streamLines("/system/builds/b1/logs", lines::add);
            assertEquals(List.of("one", "two"), lines);
        }
    }
}
