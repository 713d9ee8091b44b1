package dev.faas.controller.api;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionNotFoundException;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import dev.faas.controller.image.BuiltImage;
import dev.faas.controller.image.ImageCatalog;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.trigger.TriggerStats;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The OpenFaaS function endpoints: list, status, deploy, update, delete and scale. */
@Controller("/system")
public class FunctionsController {
    private final FunctionStore store;
    private final FunctionRuntime runtime;
    private final DeploymentValidator validator;
    private final FunctionDeployer deployer;
    private final ImageCatalog images;
    private final TriggerStats triggers;

    public FunctionsController(FunctionStore store, FunctionRuntime runtime, DeploymentValidator validator,
                               FunctionDeployer deployer, ImageCatalog images, TriggerStats triggers) {
        this.store = store;
        this.runtime = runtime;
        this.validator = validator;
        this.deployer = deployer;
        this.images = images;
        this.triggers = triggers;
    }

    @Get("/functions")
    public List<FunctionStatus> list(@Nullable @QueryValue String namespace) {
        String ns = namespace == null ? null : FunctionKey.normalizeNamespace(namespace);
        return store.list().stream()
                .filter(spec -> ns == null || spec.namespace().equals(ns))
                .map(this::statusOf)
                .toList();
    }

    @Get("/function/{name}")
    public FunctionStatus status(@PathVariable String name, @Nullable @QueryValue String namespace) {
        FunctionKey key = FunctionKey.parse(name, namespace);
        FunctionSpec spec = store.find(key).orElseThrow(() -> new FunctionNotFoundException(key));
        return statusOf(spec);
    }

    private FunctionStatus statusOf(FunctionSpec spec) {
        return FunctionStatus.of(spec, runtime.status(spec.key()),
                images.find(spec.image()).map(BuiltImage::digest).orElse(null)).withTriggers(triggers.of(spec.key()));
    }

    // Validation may pull the image or read secrets from disk: never on the event loop.
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post("/functions")
    public CompletableFuture<HttpResponse<?>> create(@Body DeploymentRequest request) {
        FunctionSpec spec = validator.toSpec(request);
        return deployer.deploy(spec).thenApply(done -> HttpResponse.accepted());
    }

    // Validation may pull the image or read secrets from disk: never on the event loop.
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Put("/functions")
    public CompletableFuture<HttpResponse<?>> update(@Body DeploymentRequest request) {
        FunctionSpec spec = validator.toSpec(request);
        if (store.find(spec.key()).isEmpty()) {
            throw new FunctionNotFoundException(spec.key(), "create it with POST");
        }
        return deployer.deploy(spec).thenApply(done -> HttpResponse.accepted());
    }

    @Delete("/functions")
    public CompletableFuture<HttpResponse<?>> delete(@Body DeleteFunctionRequest request) {
        FunctionKey key = FunctionKey.parse(request.functionName(), request.namespace());
        return deployer.remove(key).thenApply(done -> HttpResponse.accepted());
    }

    @Post("/scale-function/{name}")
    public HttpResponse<?> scale(@PathVariable String name, @Nullable @QueryValue String namespace,
                                 @Body ScaleServiceRequest request) {
        String ns = request.namespace() != null ? request.namespace() : namespace;
        FunctionKey key = FunctionKey.parse(name, ns);
        if (request.replicas() == null) {
            return ApiError.badRequest("replicas is required: send {\"serviceName\":\"" + key.name()
                    + "\",\"replicas\":N}");
        }
        if (request.replicas() < 0) {
            return ApiError.badRequest("replicas must not be negative, got " + request.replicas());
        }
        if (store.find(key).isEmpty()) {
            throw new FunctionNotFoundException(key);
        }
        runtime.scale(key, request.replicas());
        return HttpResponse.accepted();
    }
}
