package dev.faas.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.json.JsonSyntaxException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.stream.Collectors;

/**
 * Gives Micronaut's own errors (unknown route, malformed or missing body, bad parameter, body too large) our
 * {@link ApiError} shape, with messages that say what to fix.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ApiErrorResponseProcessor implements ErrorResponseProcessor<ApiError> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorResponseProcessor.class);

    @Override
    public MutableHttpResponse<ApiError> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String message = message(context, status);
        return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ApiError(status.getCode(), message));
    }

    private static String message(ErrorContext context, HttpStatus status) {
        HttpRequest<?> request = context.getRequest();
        String route = request.getMethodName() + " " + request.getPath();
        Throwable cause = context.getRootCause().orElse(null);
        // Our own 404s (unknown function, build) are answered by our handlers; a 404 here is an unknown route.
        if (status == HttpStatus.NOT_FOUND) {
            return "no endpoint " + route + ": check the path (the API lives under /system)";
        }
        if (status == HttpStatus.METHOD_NOT_ALLOWED) {
            return "method " + request.getMethodName() + " is not allowed on " + request.getPath();
        }
        if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            return "the request body of " + route + " is too large";
        }
        if (status.getCode() >= 500) {
            LOG.error("Request {} failed", route, cause);
            return "internal error while handling " + route + "; see the controller log";
        }
        if (cause instanceof UnsatisfiedArgumentException unsatisfied) {
            boolean body = unsatisfied.getArgument().getAnnotationMetadata().hasAnnotation(Body.class);
            return body ? "the request body of " + route + " is missing: send a JSON body"
                    : "parameter '" + unsatisfied.getArgument().getName() + "' is required by " + route;
        }
        if (isJsonProblem(cause)) {
            // Jackson quotes the offending text, which in a secrets body may be the secret itself.
            return request.getPath().startsWith("/system/secrets")
                    ? "malformed JSON body in " + route + ": send {\"name\",\"namespace\",\"value\"} or \"rawValue\" (base64)"
                    : "malformed JSON body in " + route + ": " + firstLine(cause.getMessage());
        }
        String details = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        return details.isEmpty() ? status.getReason() + " (" + route + ")" : details;
    }

    private static boolean isJsonProblem(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException || t instanceof JsonSyntaxException
                    || t instanceof CodecException) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        // Jackson appends the source location after a " at [Source" marker; keep just the reason.
        int source = line.indexOf(" at [Source");
        return (source < 0 ? line : line.substring(0, source)).trim();
    }
}
