package dev.faas.controller.template;

import dev.faas.controller.api.ApiError;
import dev.faas.controller.build.BuildService;
import dev.faas.controller.function.FunctionKey;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /system/templates}: the templates the controller builds from; {@code POST
 * /system/templates/{template}/builds}: a build of a function made from one (its handler optionally replaced),
 * answered like {@code POST /system/builds} (202 with the build's id, then follow {@code /system/builds/{id}}).
 */
@Controller("/system/templates")
public class TemplateController {
    /** Far more than any handler; it keeps a pasted file from filling memory. */
    static final int MAX_HANDLER_CHARS = 256 * 1024;

    private final TemplateCatalog catalog;
    private final BuildService builds;

    public TemplateController(TemplateCatalog catalog, BuildService builds) {
        this.catalog = catalog;
        this.builds = builds;
    }

    @Get
    public Templates list() {
        return new Templates(catalog.list());
    }

    @Post("/{template}/builds")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> build(@PathVariable String template, @Nullable @Body TemplateBuildRequest request)
            throws IOException {
        FunctionTemplate found = catalog.find(template).orElse(null);
        if (found == null) {
            List<String> known = catalog.list().stream().map(FunctionTemplate::name).toList();
            return ApiError.response(HttpStatus.NOT_FOUND, "template '" + template + "' not found; available: "
                    + (known.isEmpty() ? "none (no templates in " + catalog.directory() + ", faas.templates-dir)"
                    : String.join(", ", known)));
        }
        if (request == null) {
            return ApiError.badRequest("send a JSON body {\"name\": ..., \"namespace\": ..., \"handlerSource\": ...}"
                    + " naming the function to build from template '" + template + "'");
        }
        FunctionKey key = FunctionKey.parse(request.name(), request.namespace());
        String handler = request.handlerSource();
        if (handler != null && handler.isBlank()) {
            return ApiError.badRequest("handlerSource is empty: leave it out to build the template's own handler, "
                    + "or give the source of " + found.handlerFile());
        }
        if (handler != null && handler.length() > MAX_HANDLER_CHARS) {
            return ApiError.response(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "handlerSource has " + handler.length()
                    + " characters, more than " + MAX_HANDLER_CHARS + "; build larger projects with `faas new` and "
                    + "`faas deploy`");
        }
        byte[] project = catalog.project(found, key.name(), handler);
        return HttpResponse.accepted().body(builds.start(key, new ByteArrayInputStream(project), found.name()).status());
    }

    /** The list's JSON shape. */
    @Introspected
    public record Templates(List<FunctionTemplate> templates) {
    }
}
