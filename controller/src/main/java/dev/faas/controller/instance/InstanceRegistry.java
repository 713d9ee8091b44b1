package dev.faas.controller.instance;

import dev.faas.controller.function.FunctionKey;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances of every function, including a few recently ended ones (their logs and failures stay
 * visible). Endpoints are derived from state, so a crashed or draining instance leaves them at once.
 */
@Singleton
public class InstanceRegistry {
    /** Ended instances kept per function for status and logs. */
    private static final int ENDED_KEPT = 10;

    private final Map<FunctionKey, List<Instance>> byFunction = new ConcurrentHashMap<>();

    /** Adds a just-started or adopted instance. */
    public void add(Instance instance) {
        byFunction.compute(instance.function(), (k, list) -> {
            List<Instance> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.add(instance);
            return trimEnded(next);
        });
    }

    /** Every known instance of the function, oldest first. */
    public List<Instance> instances(FunctionKey key) {
        return List.copyOf(byFunction.getOrDefault(key, List.of()));
    }

    /** Instances that are ready. */
    public List<Instance> ready(FunctionKey key) {
        return instances(key).stream().filter(i -> i.state() == InstanceState.READY).toList();
    }

    /** Instances that may receive calls now: the ready ones, and those opened early (see {@link Instance#takesCalls()}). */
    public List<Instance> acceptingCalls(FunctionKey key) {
        return instances(key).stream().filter(Instance::acceptsCalls).toList();
    }

    /** Instances that have not ended (starting, ready or draining). */
    public List<Instance> running(FunctionKey key) {
        return instances(key).stream().filter(i -> !i.state().isEnded()).toList();
    }

    /** Every running instance of every function. */
    public List<Instance> allRunning() {
        return byFunction.keySet().stream().flatMap(k -> running(k).stream()).toList();
    }

    /** The instance with this id, if known. */
    public Optional<Instance> find(String instanceId) {
        return byFunction.values().stream().flatMap(List::stream)
                .filter(i -> i.id().equals(instanceId)).findFirst();
    }

    /** Forgets a removed function once its instances have ended. */
    public void forget(FunctionKey key) {
        byFunction.remove(key);
    }

    private static List<Instance> trimEnded(List<Instance> list) {
        long ended = list.stream().filter(i -> i.state().isEnded()).count();
        if (ended <= ENDED_KEPT) {
            return list;
        }
        List<Instance> trimmed = new ArrayList<>();
        long toDrop = ended - ENDED_KEPT;
        for (Instance i : list) {
            if (toDrop > 0 && i.state().isEnded()) {
                toDrop--;
            } else {
                trimmed.add(i);
            }
        }
        return trimmed;
    }
}
