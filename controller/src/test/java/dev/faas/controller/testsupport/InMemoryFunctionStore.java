package dev.faas.controller.testsupport;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A function store for runtime tests; static so that a restarted context sees what the previous one saved. */
@Singleton
@Replaces(FunctionStore.class)
@Requires(property = "faas.test.in-memory-store", value = "true")
public class InMemoryFunctionStore implements FunctionStore {
    static final Map<FunctionKey, FunctionSpec> SPECS = new ConcurrentHashMap<>();

    /** Empties the store between tests. */
    public static void clear() {
        SPECS.clear();
    }

    @Override
    public Optional<FunctionSpec> find(FunctionKey key) {
        return Optional.ofNullable(SPECS.get(key));
    }

    @Override
    public List<FunctionSpec> list() {
        return new ArrayList<>(SPECS.values());
    }

    @Override
    public void save(FunctionSpec spec) {
        SPECS.put(spec.key(), spec);
    }

    @Override
    public boolean delete(FunctionKey key) {
        return SPECS.remove(key) != null;
    }
}
