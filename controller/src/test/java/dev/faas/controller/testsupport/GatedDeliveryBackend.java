package dev.faas.controller.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.backend.InstanceSpec;
import dev.faas.controller.backend.process.ArtifactResolver;
import dev.faas.controller.backend.process.ClassDataCache;
import dev.faas.controller.backend.process.FunctionClassData;
import dev.faas.controller.backend.process.ProcessBackend;
import dev.faas.controller.backend.process.ProcessLaunchSettings;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The process backend whose deliveries to pooled instances, once a test has closed its gate ({@link #close}), wait
 * until it lets them through ({@link #open}) or fails them ({@link #fail}): what a slow or failing disk would do to
 * a specialization, made to happen on cue. The gate starts open.
 */
@Singleton
@Replaces(ProcessBackend.class)
@Requires(property = "faas.test.gated-delivery", value = "true")
public class GatedDeliveryBackend extends ProcessBackend {
    private static volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    private static volatile CompletableFuture<String> waiting = new CompletableFuture<>();

    public GatedDeliveryBackend(ArtifactResolver artifacts, ProcessLaunchSettings settings, ObjectMapper json,
                                ClassDataCache classData, FunctionClassData functionClassData) {
        super(artifacts, settings, json, classData, functionClassData);
    }

    /** Closes the gate: deliveries wait at it from now on. */
    public static void close() {
        gate = new CompletableFuture<>();
        waiting = new CompletableFuture<>();
    }

    /** Completes with the id of the first instance whose delivery reached the gate since it was closed. */
    public static CompletableFuture<String> waiting() {
        return waiting;
    }

    /** Lets the waiting deliveries through, and the later ones (also after {@link #fail}). */
    public static void open() {
        CompletableFuture<Void> waitedOn = gate;
        gate = CompletableFuture.completedFuture(null);
        waitedOn.complete(null);
    }

    /** Fails the waiting deliveries, and the later ones until {@link #open}, with {@code reason}, as an I/O error would. */
    public static void fail(String reason) {
        gate.completeExceptionally(new UncheckedIOException(new IOException(reason)));
    }

    @Override
    public Map<String, String> deliverSpecialization(InstanceHandle specialized, InstanceSpec spec) {
        waiting.complete(specialized.instanceId());
        try {
            gate.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("the test never opened the delivery gate", e);
        }
        return super.deliverSpecialization(specialized, spec);
    }
}
