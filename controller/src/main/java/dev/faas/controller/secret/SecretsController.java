package dev.faas.controller.secret;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The OpenFaaS secrets endpoints. Values go in, never out: listing gives names only. Create answers 201, update
 * 200, delete 202 (faas-cli treats 204 as an error). A secret that deployed functions name cannot be deleted.
 */
@Controller("/system/secrets")
@ExecuteOn(TaskExecutors.BLOCKING) // every call reads or writes files
public class SecretsController {
    private static final Logger LOG = LoggerFactory.getLogger(SecretsController.class);

    private final SecretStore secrets;
    private final FunctionStore functions;

    public SecretsController(SecretStore secrets, FunctionStore functions) {
        this.secrets = secrets;
        this.functions = functions;
    }

    @Get
    public List<SecretSummary> list(@Nullable @QueryValue String namespace) {
        String ns = namespace == null || namespace.isBlank() ? null : FunctionKey.normalizeNamespace(namespace);
        return secrets.list(ns).stream().map(SecretSummary::of).toList();
    }

    @Post
    public HttpResponse<SecretSummary> create(@Body SecretRequest request, @Nullable @QueryValue String namespace) {
        SecretId id = request.id(namespace);
        secrets.create(id, request.bytes());
        LOG.info("created {}", id);
        return HttpResponse.status(HttpStatus.CREATED).body(SecretSummary.of(id));
    }

    @Put
    public HttpResponse<SecretSummary> update(@Body SecretRequest request, @Nullable @QueryValue String namespace) {
        SecretId id = request.id(namespace);
        secrets.update(id, request.bytes());
        LOG.info("updated {}; functions that use it get the new value when redeployed", id);
        return HttpResponse.ok(SecretSummary.of(id));
    }

    @Delete
    public HttpResponse<?> delete(@Nullable @Body DeleteSecretRequest request, @Nullable @QueryValue String name,
                                  @Nullable @QueryValue String namespace) {
        String secretName = request != null && request.name() != null ? request.name() : name;
        String ns = request != null && request.namespace() != null ? request.namespace() : namespace;
        SecretId id = new SecretId(ns, secretName);
        List<String> users = functions.list().stream()
                .filter(f -> f.namespace().equals(id.namespace()) && f.secrets().contains(id.name()))
                .map(FunctionSpec::service)
                .sorted()
                .toList();
        if (!users.isEmpty()) {
            throw SecretRejectedException.inUse(id, users);
        }
        secrets.delete(id);
        LOG.info("deleted {}", id);
        return HttpResponse.accepted();
    }
}
