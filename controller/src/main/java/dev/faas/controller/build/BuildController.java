package dev.faas.controller.build;

import dev.faas.controller.api.ApiError;
import dev.faas.controller.function.FunctionKey;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/** Our builds API: upload a zipped Maven project, follow the build, read its log. */
@Controller("/system/builds")
public class BuildController {
    private static final String ZIP = "application/zip";
    private static final Pattern TEMPLATE = Pattern.compile("[A-Za-z0-9._-]{0,63}");

    private final BuildService builds;
    private final BuildSettings settings;

    public BuildController(BuildService builds, BuildSettings settings) {
        this.builds = builds;
        this.settings = settings;
    }

    @Post
    @Consumes({ZIP, MediaType.APPLICATION_OCTET_STREAM, "application/x-zip-compressed"})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> start(HttpRequest<?> request, @Nullable @QueryValue String name,
                                 @Nullable @QueryValue String namespace, @Nullable @QueryValue String template,
                                 @Body InputStream archive)
            throws IOException {
        FunctionKey key = FunctionKey.parse(name, namespace);
        if (template != null && !TEMPLATE.matcher(template).matches()) {
            return ApiError.response(HttpStatus.BAD_REQUEST, "template '" + template + "' is not a template name: "
                    + "use letters, digits, '.', '_' and '-' (at most 63), as in the stack file's lang, e.g. java");
        }
        long declared = request.getContentLength();
        if (declared > settings.maxArchiveBytes()) {
            return ApiError.response(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "the source archive is larger than "
                    + settings.maxArchiveBytes() / (1024 * 1024) + " MB: leave target/ and other build output out of it");
        }
        BuildStatus status = builds.start(key, archive, template).status();
        return HttpResponse.accepted().body(status);
    }

    @Get("/{id}")
    public HttpResponse<?> status(@PathVariable String id) {
        return builds.find(id).<HttpResponse<?>>map(build -> HttpResponse.ok(build.status()))
                .orElseGet(() -> notFound(id));
    }

    @Get("/{id}/logs")
    @Produces(MediaType.TEXT_PLAIN)
    public HttpResponse<?> logs(@PathVariable String id) {
        return builds.find(id).<HttpResponse<?>>map(build -> HttpResponse.ok(build.log().stream())
                        .contentType(MediaType.TEXT_PLAIN_TYPE)
                        .header(HttpHeaders.CACHE_CONTROL, "no-cache"))
                .orElseGet(() -> notFound(id));
    }

    private static HttpResponse<ApiError> notFound(String id) {
        return ApiError.response(HttpStatus.NOT_FOUND, "build '" + id + "' not found; builds are kept until "
                + "the controller restarts");
    }
}
