package dev.faas.controller.dashboard;

import dev.faas.controller.function.FunctionKey;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest recent calls of each deployed function as last read from the router: all of them go into a snapshot,
 * only those that changed into a tick. Bounded by the router's limit per function.
 */
@Singleton
public class RecentCallsBoard {
    private final Map<FunctionKey, FunctionCalls> latest = new ConcurrentHashMap<>();

    /**
     * Takes a fresh reading (only the functions in {@code present} are kept) and returns the functions whose calls
     * changed since the previous one.
     */
    public List<FunctionCalls> update(Map<FunctionKey, FunctionCalls> read, Set<FunctionKey> present) {
        latest.keySet().retainAll(present);
        List<FunctionCalls> changed = new ArrayList<>();
        for (FunctionKey key : present) {
            FunctionCalls now = read.get(key);
            if (now == null) {
                continue;
            }
            FunctionCalls before = latest.put(key, now);
            if (before == null || before.total() != now.total() || !before.calls().equals(now.calls())) {
                changed.add(now);
            }
        }
        return changed;
    }

    /** Drops the functions that are gone, when the router could not be read. */
    public void retainOnly(Set<FunctionKey> present) {
        latest.keySet().retainAll(present);
    }

    /** The function's calls as last read; none when the router has not reported any. */
    public List<RecentCall> calls(FunctionKey key) {
        FunctionCalls calls = latest.get(key);
        return calls == null ? List.of() : calls.calls();
    }
}
