package dev.faas.router.calls;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last calls of one function, in a fixed array written round-robin: adding is one atomic increment and one
 * ordered store, without locks, so the router's event loops never wait on each other here. A reader may see a
 * slot just being replaced by a newer call; it sorts what it finds by arrival.
 */
public final class CallRing {
    private final AtomicReferenceArray<RecentCall> slots;
    private final AtomicLong next = new AtomicLong();

    /** A ring keeping the last {@code capacity} calls. */
    public CallRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a call ring needs room for at least one call, got " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Keeps the call, replacing the oldest once the ring is full. */
    public void add(RecentCall call) {
        long n = next.getAndIncrement();
        slots.lazySet((int) (n % slots.length()), call);
    }

    /** Calls ever added (not only those still kept). */
    public long total() {
        return next.get();
    }

    /** At most {@code limit} of the kept calls, newest arrival first. */
    public List<RecentCall> latest(int limit) {
        List<RecentCall> kept = new ArrayList<>(slots.length());
        for (int i = 0; i < slots.length(); i++) {
            RecentCall call = slots.get(i);
            if (call != null) {
                kept.add(call);
            }
        }
        kept.sort(Comparator.comparingLong(RecentCall::at).reversed());
        return kept.size() <= limit ? kept : List.copyOf(kept.subList(0, limit));
    }
}
