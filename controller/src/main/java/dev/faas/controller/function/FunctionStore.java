package dev.faas.controller.function;

import java.util.List;
import java.util.Optional;

/** Durable storage of function specs; survives controller restarts. */
public interface FunctionStore {
    Optional<FunctionSpec> find(FunctionKey key);

    List<FunctionSpec> list();

    void save(FunctionSpec spec);

    boolean delete(FunctionKey key);
}
