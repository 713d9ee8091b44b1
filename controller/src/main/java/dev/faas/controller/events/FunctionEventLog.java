package dev.faas.controller.events;

import dev.faas.controller.function.FunctionKey;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The recent instance events of each function, a bounded ring per function, shown in its status. */
@Singleton
public class FunctionEventLog {
    /** Events kept per function; older ones fall off. */
    static final int KEPT = 50;

    private final Map<FunctionKey, Deque<FunctionEvent>> byFunction = new ConcurrentHashMap<>();

    /** Notes an event of one of the function's instances now; {@code reason} may be null. */
    public void record(FunctionKey function, String instanceId, String type, String reason) {
        FunctionEvent event = new FunctionEvent(Instant.now(), instanceId, type, reason);
        byFunction.compute(function, (k, ring) -> {
            Deque<FunctionEvent> next = ring == null ? new ArrayDeque<>() : ring;
            next.addLast(event);
            while (next.size() > KEPT) {
                next.removeFirst();
            }
            return next;
        });
    }

    /** The function's events, oldest first. */
    public List<FunctionEvent> recent(FunctionKey function) {
        List<FunctionEvent>[] copy = new List[1];
        byFunction.computeIfPresent(function, (k, ring) -> {
            copy[0] = List.copyOf(ring);
            return ring;
        });
        return copy[0] == null ? List.of() : copy[0];
    }

    /** Forgets a removed function's events. */
    public void forget(FunctionKey function) {
        byFunction.remove(function);
    }
}
