package dev.faas.controller.cluster;

import dev.faas.controller.function.FileFunctionStore;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * On a cluster the cluster's objects are the function store: specs are read from their {@value ClusterLabels#SPEC}
 * annotation. Deploying and removing a function (which the API does before saving or deleting) already wrote or
 * removed those objects, so saving and deleting here have nothing left to write.
 */
@Singleton
@Replaces(FileFunctionStore.class)
@Requires(property = "faas.backend", pattern = ClusterSettings.CLUSTER_BACKENDS)
public class ClusterFunctionStore implements FunctionStore {
    private final ClusterBackend backend;

    public ClusterFunctionStore(ClusterBackend backend) {
        this.backend = backend;
    }

    @Override
    public Optional<FunctionSpec> find(FunctionKey key) {
        return backend.find(key).map(ClusterFunction::spec);
    }

    @Override
    public List<FunctionSpec> list() {
        return backend.discover().stream().map(ClusterFunction::spec)
                .sorted(Comparator.comparing(FunctionSpec::namespace).thenComparing(FunctionSpec::service)).toList();
    }

    @Override
    public void save(FunctionSpec spec) {
        // Written with the function's objects by the cluster runtime's deploy.
    }

    /** True when the function's objects are gone (the runtime's remove, which runs first, deleted them). */
    @Override
    public boolean delete(FunctionKey key) {
        return backend.find(key).isEmpty();
    }
}
