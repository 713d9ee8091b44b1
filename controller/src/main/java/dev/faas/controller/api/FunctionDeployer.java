package dev.faas.controller.api;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionNotFoundException;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.secret.FunctionSecrets;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * Applies deployments: the runtime first, the store only once the new version is ready, so that a failed
 * rollout leaves the previous spec (and the instances serving it) in place.
 */
@Singleton
public class FunctionDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionDeployer.class);

    private final FunctionStore store;
    private final FunctionRuntime runtime;
    private final FunctionSecrets secrets;

    public FunctionDeployer(FunctionStore store, FunctionRuntime runtime, FunctionSecrets secrets) {
        this.store = store;
        this.runtime = runtime;
        this.secrets = secrets;
    }

    /**
     * Rolls out a validated spec, keeping the creation time of the version it replaces; throws at once when a
     * secret it names does not exist.
     */
    public CompletableFuture<FunctionSpec> deploy(FunctionSpec candidate) {
        secrets.requireExisting(candidate);
        FunctionSpec spec = store.find(candidate.key())
                .map(previous -> candidate.withCreatedAt(previous.createdAt()))
                .orElse(candidate);
        LOG.info("Deploying {} image {}", spec.key(), spec.image());
        return start(() -> runtime.deploy(spec)).thenApply(done -> {
            store.save(spec);
            LOG.info("Deployed {}", spec.key());
            return spec;
        });
    }

    /** Stops the function's instances, then forgets its spec. */
    public CompletableFuture<Void> remove(FunctionKey key) {
        if (store.find(key).isEmpty()) {
            return CompletableFuture.failedFuture(new FunctionNotFoundException(key));
        }
        LOG.info("Removing {}", key);
        return start(() -> runtime.remove(key)).thenRun(() -> store.delete(key));
    }

    /** A runtime call that throws instead of failing its future still ends up as a failed future. */
    private static <T> CompletableFuture<T> start(java.util.function.Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
