package dev.faas.cli.command;

import dev.faas.cli.FakeGateway;
import dev.faas.cli.FakeGateway.Answer;
import dev.faas.cli.TestConsole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvokeCommandTest {

    @TempDir
    Path home;

    @Test
    void sendsStdinAndPrintsTheAnswer() throws Exception {
        try (FakeGateway fake = new FakeGateway().on("POST /function/hello/items",
                r -> new Answer(200, "text/plain", "hello " + r.bodyText() + " " + r.query()))) {
            TestConsole console = new TestConsole(Map.of(), home, null, "world");

            int code = console.run("invoke", "hello", "--gateway", fake.url(), "--path", "/items?x=1", "-H", "X-Test=1");

            assertEquals(0, code, console.err());
            assertEquals("hello world x=1", console.out());
        }
    }

    @Test
    void errorStatusPrintsTheBodyToStderrAndExitsOne() throws Exception {
        try (FakeGateway fake = new FakeGateway().on("GET /function/hello.team-a",
                Answer.json(503, "{\"status\":503,\"message\":\"handler failed to load\"}"))) {
            TestConsole console = new TestConsole(Map.of(), home, null, null);

            int code = console.run("invoke", "hello", "-n", "team-a", "-m", "GET", "--gateway", fake.url());

            assertEquals(1, code);
            assertTrue(console.err().contains("handler failed to load"), console.err());
            assertEquals("", console.out());
        }
    }
}
