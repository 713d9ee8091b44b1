package dev.faas.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
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

class FunctionCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private FakeGateway fake;
    private TestConsole console;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeGateway();
        console = new TestConsole(Map.of("FAAS_GATEWAY", fake.url(), "FAAS_USERNAME", "admin", "FAAS_PASSWORD", "pw"),
                home, null, null);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void listPrintsATable() {
        fake.on("GET /system/functions", Answer.json(200, """
                [{"name":"hello","image":"faas.local/default/hello:aaa","invocationCount":42,"replicas":2,"availableReplicas":1}]
                """));

        assertEquals(0, console.run("list"), console.err());
        String[] lines = console.out().split("\n");
        assertTrue(lines[0].matches("NAME\\s+IMAGE\\s+INVOCATIONS\\s+REPLICAS"), lines[0]);
        assertTrue(lines[1].matches("hello\\s+faas\\.local/default/hello:aaa\\s+42\\s+1/2"), lines[1]);
    }

    @Test
    void describeShowsStatusLabelsAndColdStartPhases() {
        fake.on("GET /system/function/hello", Answer.json(200, """
                {"name":"hello","namespace":"default","image":"img:1","replicas":1,"availableReplicas":1,
                 "invocationCount":7,"labels":{"com.openfaas.scale.zero":"true"},
                 "coldStarts":{"count":3,"p50Ms":180.0,"p99Ms":412.5,"recent":[
                   {"id":"cs-1","startedAt":"2026-01-01T00:00:00Z","totalMs":200,
                    "phases":{"schedule":1,"process_start":40,"runtime_init":90}}]},
                 "imageDigest":"sha256:abc",
                 "events":[{"at":"2026-01-01T00:00:05Z","instance":"hello-1a2b","type":"crashed",
                            "reason":"was OOMKilled (exit code 137)"},
                           {"at":"2026-01-01T00:00:06Z","instance":"hello-3c4d","type":"started"}]}
                """));

        assertEquals(0, console.run("describe", "hello"), console.err());
        String out = console.out();
        assertTrue(out.contains("Status:       Ready"), out);
        assertTrue(out.contains("Replicas:     1/1 available"), out);
        assertTrue(out.contains("URL:          " + fake.url() + "/function/hello"), out);
        assertTrue(out.contains("com.openfaas.scale.zero=true"), out);
        assertTrue(out.contains("Cold starts:  3 (p50 180.0 ms, p99 412.5 ms)"), out);
        assertTrue(out.contains("cs-1  total 200 ms  [schedule 1, process_start 40, runtime_init 90]"), out);
        assertTrue(out.contains("Digest:       sha256:abc"), out);
        assertTrue(out.contains("crashed  hello-1a2b  was OOMKilled (exit code 137)"), out);
        assertTrue(out.contains("started  hello-3c4d"), out);
        assertEquals("namespace=default", fake.requests().get(0).query());
    }

    @Test
    void describeShowsPooledColdStartsAndPercentilesPerPhase() {
        fake.on("GET /system/function/hello", Answer.json(200, """
                {"name":"hello","namespace":"default","image":"img:1","replicas":1,"availableReplicas":1,
                 "coldStarts":{"count":2,"pooled":1,"p50Ms":20.0,"p99Ms":150.0,
                   "phases":{"schedule":{"p50Ms":1.0,"p99Ms":2.0},"acquire":{"p50Ms":3.0,"p99Ms":3.0}},
                   "recent":[{"id":"cs-2","startedAt":"2026-01-01T00:00:00Z","totalMs":20,
                              "phases":{"schedule":1,"acquire":3,"handler_load":9},"pooled":true}]}}
                """));

        assertEquals(0, console.run("describe", "hello"), console.err());
        String out = console.out();
        assertTrue(out.contains("Cold starts:  2 (p50 20.0 ms, p99 150.0 ms), 1 of the recent ones from the prewarmed pool"), out);
        assertTrue(out.contains("phases p50/p99 ms: schedule 1.0/2.0, acquire 3.0/3.0"), out);
        assertTrue(out.contains("cs-2  total 20 ms  [schedule 1, acquire 3, handler_load 9]  pooled"), out);
    }

    @Test
    void logsPrintsTimestampInstanceAndText() {
        fake.on("GET /system/logs", new Answer(200, "application/x-ndjson", """
                {"name":"hello","namespace":"default","instance":"hello-1a2b","timestamp":"2026-01-01T00:00:01Z","text":"started"}
                {"name":"hello","namespace":"default","instance":"hello-1a2b","timestamp":1767225602.5,"text":"called"}
                """));

        assertEquals(0, console.run("logs", "hello", "--tail", "5"), console.err());
        assertEquals("2026-01-01T00:00:01Z hello-1a2b started\n2026-01-01T00:00:02.500Z hello-1a2b called\n", console.out());
        String query = fake.requests().get(0).query();
        assertTrue(query.contains("name=hello") && query.contains("tail=5") && query.contains("follow=false"), query);
    }

    @Test
    void removeSendsTheOpenFaasDeleteBody() throws Exception {
        fake.on("DELETE /system/functions", Answer.json(202, ""));

        assertEquals(0, console.run("remove", "hello", "-n", "team-a"), console.err());
        assertEquals(JSON.readTree("{\"functionName\":\"hello\",\"namespace\":\"team-a\"}"),
                JSON.readTree(fake.requests().get(0).body()));
    }

    @Test
    void scaleSendsReplicasAndSurfacesErrors() throws Exception {
        fake.on("POST /system/scale-function/hello", Answer.json(202, ""));
        assertEquals(0, console.run("scale", "hello", "--replicas", "3"), console.err());
        assertEquals(3, JSON.readTree(fake.requests().get(0).body()).path("replicas").asInt());
        assertEquals("hello", JSON.readTree(fake.requests().get(0).body()).path("serviceName").asText());

        fake.on("POST /system/scale-function/nope",
                Answer.json(404, "{\"status\":404,\"message\":\"function 'nope' not found in namespace 'default'\"}"));
        assertEquals(1, console.run("scale", "nope", "--replicas", "1"));
        assertEquals("faas: function 'nope' not found in namespace 'default' (HTTP 404)", console.err().strip());
    }
}
