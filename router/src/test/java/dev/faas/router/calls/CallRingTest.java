package dev.faas.router.calls;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallRingTest {

    private static RecentCall call(long at) {
        return new RecentCall("c" + at, at, "GET", "/", 200, 1_000_000, false);
    }

    private static List<Long> arrivals(List<RecentCall> calls) {
        return calls.stream().map(RecentCall::at).toList();
    }

    @Test
    void keepsTheLastCallsNewestFirst() {
        CallRing ring = new CallRing(4);
        assertEquals(List.of(), ring.latest(10));
        for (long at = 1; at <= 10; at++) {
            ring.add(call(at));
        }
        assertEquals(List.of(10L, 9L, 8L, 7L), arrivals(ring.latest(10)));
        assertEquals(List.of(10L, 9L), arrivals(ring.latest(2)));
        assertEquals(10, ring.total());
    }

    @Test
    void ordersByArrivalNotByFinish() {
        CallRing ring = new CallRing(8);
        ring.add(call(5)); // a slow call that arrived first finishes after a quick one
        ring.add(call(3));
        ring.add(call(7));
        assertEquals(List.of(7L, 5L, 3L), arrivals(ring.latest(8)));
    }

    @Test
    void concurrentWritersLoseNothingButTheOldest() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        CallRing ring = new CallRing(64);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * perThread;
            Thread writer = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= perThread; i++) {
                    ring.add(call(offset + i));
                }
            });
            writer.start();
            writers.add(writer);
        }
        go.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        assertEquals((long) threads * perThread, ring.total());
        List<RecentCall> kept = ring.latest(64);
        assertEquals(64, kept.size(), "every slot holds a call");
        Set<String> ids = new HashSet<>();
        kept.forEach(c -> ids.add(c.callId()));
        assertEquals(64, ids.size(), "no call kept twice");
        // The very last call added is a writer's last one, and nothing came after it to replace it.
        assertTrue(java.util.stream.IntStream.rangeClosed(1, threads)
                .anyMatch(t -> ids.contains("c" + (long) t * perThread)), "the last call is kept: " + ids);
    }

    @Test
    void aRingNeedsRoom() {
        assertThrows(IllegalArgumentException.class, () -> new CallRing(0));
    }
}
