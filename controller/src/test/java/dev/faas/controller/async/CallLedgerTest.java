package dev.faas.controller.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallLedgerTest {
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final CallIds ids = new CallIds();

    @TempDir
    Path stateDir;

    private CallLedger ledger() {
        AsyncSettings settings = new AsyncSettings(stateDir, URI.create("http://127.0.0.1:1"), 1, 3,
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(5), 5, Duration.ofSeconds(10));
        return new CallLedger(settings, json);
    }

    @Test
    void recordsSurviveARestartAndRetentionForgetsOnlyFinishedCalls() {
        CallLedger ledger = ledger();
        AsyncCall queued = call();
        AsyncCall completed = call();
        AsyncCall dead = call();
        ledger.accepted(queued);
        ledger.accepted(completed);
        ledger.update(completed, s -> s.running(1).after(new FunctionOutcome(200, Map.of(), new byte[0], 3, null),
                CallState.COMPLETED));
        ledger.deadLetter(dead, 3, new FunctionOutcome(500, Map.of(), new byte[0], 3, "function 'f' answered 500: boom"));

        CallLedger restarted = ledger();
        assertEquals(CallState.DEAD_LETTER, restarted.find(dead.id()).orElseThrow().state());
        assertEquals("function 'f' answered 500: boom", restarted.find(dead.id()).orElseThrow().lastError());
        assertEquals(3, restarted.find(dead.id()).orElseThrow().attempts());

        Instant later = Instant.now().plusSeconds(1);
        assertEquals(1, restarted.prune(later, Instant.now().minus(Duration.ofDays(7))));
        assertTrue(restarted.find(completed.id()).isEmpty());
        assertTrue(restarted.find(queued.id()).isPresent(), "a queued call is never forgotten");
        assertTrue(restarted.find(dead.id()).isPresent(), "dead letters have their own, longer retention");
        assertTrue(ledger().find(completed.id()).isEmpty(), "gone from disk too");
        assertTrue(ledger().find(queued.id()).isPresent(), "the compacted log keeps the rest");
        assertEquals(1, restarted.prune(later, later));
        assertEquals(List.of(queued.id()), ledger().list(s -> true, 10).stream().map(CallStatus::callId).toList());
    }

    private AsyncCall call() {
        return new AsyncCall(ids.next(), "default", "f", "POST", "", Map.of(), new byte[0], null, "http", Instant.now());
    }
}
