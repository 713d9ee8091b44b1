package dev.faas.controller.pool;

import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.instance.StartupTimings;

import java.util.concurrent.CompletableFuture;

/**
 * An instance taken from the pool for a function: its handle under the function's name, and the specialization
 * under way, which completes with its timings once the function is loaded (exceptionally when it fails).
 */
public record PooledStart(InstanceHandle handle, CompletableFuture<StartupTimings> ready) {
}
