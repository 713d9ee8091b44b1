package dev.faas.controller.api;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.runtime.DeployFailedException;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.runtime.LogLine;
import dev.faas.controller.runtime.RuntimeStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A runtime that records what it was asked and fails deploys on demand. */
public class FakeRuntime implements FunctionRuntime {
    public volatile String failNextDeploy;
    public final Map<FunctionKey, FunctionSpec> deployed = new ConcurrentHashMap<>();
    public final Map<FunctionKey, Integer> scaled = new ConcurrentHashMap<>();
    public final List<LogLine> logLines = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> deploy(FunctionSpec spec) {
        String failure = failNextDeploy;
        failNextDeploy = null;
        if (failure != null) {
            return CompletableFuture.failedFuture(new DeployFailedException(failure));
        }
        deployed.put(spec.key(), spec);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> remove(FunctionKey key) {
        deployed.remove(key);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void scale(FunctionKey key, int replicas) {
        scaled.put(key, replicas);
    }

    @Override
    public RuntimeStatus status(FunctionKey key) {
        int replicas = scaled.getOrDefault(key, 1);
        return new RuntimeStatus(replicas, replicas, 7,
                List.of(new RuntimeStatus.InstanceView(key.name() + "-1", "ready", "http://127.0.0.1:1",
                        Instant.parse("2024-01-01T00:00:00Z"), "v1", null)),
                new RuntimeStatus.ColdStartSummary(1, 120.0, 120.0, List.of()), List.of());
    }

    @Override
    public AutoCloseable logs(FunctionKey key, int tail, Instant since, boolean follow, Consumer<LogLine> sink,
                              Runnable onEnd) {
        List<LogLine> lines = tail < 0 ? logLines : logLines.subList(Math.max(0, logLines.size() - tail), logLines.size());
        lines.forEach(sink);
        onEnd.run();
        return () -> { };
    }
}
