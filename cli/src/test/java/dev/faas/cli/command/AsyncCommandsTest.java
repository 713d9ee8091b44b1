package dev.faas.cli.command;

import dev.faas.cli.FakeGateway;
import dev.faas.cli.FakeGateway.Answer;
import dev.faas.cli.TestConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsyncCommandsTest {
    private static final String DEAD = "{\"callId\":\"0192f3a4b5c6d-9f8e7d6c5b4a3f2e\",\"namespace\":\"default\","
            + "\"function\":\"resize\",\"path\":\"/img\",\"state\":\"dead-letter\",\"attempts\":3,"
            + "\"lastError\":\"function 'resize' answered 500: boom\",\"resultStatus\":500,\"durationMs\":12,"
            + "\"callback\":{\"url\":\"http://127.0.0.1:9/cb\",\"state\":\"failed\",\"attempts\":5,\"lastStatus\":null,"
            + "\"lastError\":\"callback target http://127.0.0.1:9/cb could not be reached: ConnectException\"},"
            + "\"acceptedAt\":\"2026-01-02T03:04:05Z\",\"updatedAt\":\"2026-01-02T03:04:09Z\"}";

    @TempDir
    Path home;

    private FakeGateway fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeGateway();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private TestConsole console() {
        return new TestConsole(Map.of("FAAS_USERNAME", "admin", "FAAS_PASSWORD", "pw", "FAAS_GATEWAY", fake.url()),
                home, null, null);
    }

    @Test
    void listFiltersByFunctionInItsNamespaceAndState() {
        fake.on("GET /system/async", Answer.json(200, "[" + DEAD + "]"));
        TestConsole console = console();
        assertEquals(0, console.run("async", "list", "resize", "--state", "dead-letter"), console.err());
        FakeGateway.Recorded request = fake.requests().get(0);
        assertTrue(request.query().contains("function=resize.default"), request.query());
        assertTrue(request.query().contains("state=dead-letter"), request.query());
        assertTrue(console.out().contains("0192f3a4b5c6d-9f8e7d6c5b4a3f2e"), console.out());
        assertTrue(console.out().contains("function 'resize' answered 500: boom"), console.out());
    }

    @Test
    void deadLettersAndShowPrintTheLastErrorAndTheCallback() {
        fake.on("GET /system/async/dead-letters", Answer.json(200, "[" + DEAD + "]"));
        fake.on("GET /system/async/0192f3a4b5c6d-9f8e7d6c5b4a3f2e", Answer.json(200, DEAD));
        TestConsole dead = console();
        assertEquals(0, dead.run("async", "dead-letters"), dead.err());
        assertTrue(dead.out().contains("dead-letter"), dead.out());

        TestConsole show = console();
        assertEquals(0, show.run("async", "show", "0192f3a4b5c6d-9f8e7d6c5b4a3f2e"), show.err());
        assertTrue(show.out().contains("Attempts:   3"), show.out());
        assertTrue(show.out().contains("Last error: function 'resize' answered 500: boom"), show.out());
        assertTrue(show.out().contains("failed after 5 attempt(s)"), show.out());
    }

    @Test
    void showOfAnUnknownCallSaysWhatToDo() {
        fake.on("GET /system/async/nope", Answer.json(404, "{\"status\":404,\"message\":\"not found\"}"));
        TestConsole console = console();
        assertEquals(1, console.run("async", "show", "nope"));
        assertTrue(console.err().contains("faas async list"), console.err());
    }

    @Test
    void describeShowsTheFunctionsTriggers() {
        fake.on("GET /system/function/orders", Answer.json(200, """
                {"name":"orders","namespace":"default","image":"img:1","replicas":1,"availableReplicas":1,
                 "triggers":[{"kind":"kafka","source":"orders (group faas-default-orders)","delivered":998,"failed":2,
                              "lastError":"function 'orders' answered 500: bad record","lag":12}]}
                """));
        TestConsole console = console();
        assertEquals(0, console.run("describe", "orders"), console.err());
        assertTrue(console.out().contains("kafka  orders (group faas-default-orders)  delivered 998, failed 2, lag 12;"
                + " last error: function 'orders' answered 500: bad record"), console.out());
    }
}
