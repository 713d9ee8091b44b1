package dev.faas.controller.ui;

import dev.faas.controller.api.ApiError;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves the dashboard's built files (classpath {@code ui/}, produced by the Maven build) under {@code /ui/}.
 * The files hold no data: the page asks for the control API's credentials and sends them with every
 * {@code /system/**} call it makes, so everything it shows stays behind them.
 */
@Controller("/ui")
public class UiController {
    private static final Pattern SAFE_PATH = Pattern.compile("[a-zA-Z0-9_-]+(/[a-zA-Z0-9_-]+)*\\.[a-z]{2,4}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "map", "application/json");
    // A page that only runs our own code: no inline scripts, no other origins.
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    /**
     * One of the app's files; {@code /ui/} is its page, and {@code /ui} redirects there so that relative asset
     * paths resolve. Anything else is 404.
     */
    @Get("/")
    public HttpResponse<?> index(HttpRequest<?> request) {
        return request.getPath().endsWith("/") ? file("index.html") : HttpResponse.redirect(URI.create("/ui/"));
    }

    /** One of the app's files. */
    @Get("/{+path}")
    public HttpResponse<?> asset(@PathVariable String path) {
        return file(path);
    }

    private HttpResponse<?> file(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1);
        Optional<byte[]> content = SAFE_PATH.matcher(path).matches() && TYPES.containsKey(extension)
                ? read("ui/" + path) : Optional.empty();
        if (content.isEmpty()) {
            return ApiError.response(HttpStatus.NOT_FOUND, "no dashboard file '" + path + "'"
                    + (path.equals("index.html") ? ": the controller was built without its dashboard (install "
                    + "Node.js and npm, e.g. apt-get install nodejs npm, and build again)" : "; open /ui/"));
        }
        return HttpResponse.ok(content.get())
                .contentType(MediaType.of(TYPES.get(extension)))
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff");
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = UiController.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
