package dev.faas.controller.api;

import dev.faas.controller.function.FunctionKey;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** The JSON body of every error answer: the HTTP status and a message a person understands. */
@Introspected
public record ApiError(int status, String message) {

    /** An error response with this status and message. */
    public static MutableHttpResponse<ApiError> response(HttpStatus status, String message) {
        return HttpResponse.<ApiError>status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ApiError(status.getCode(), message));
    }

    /** 400 with this message. */
    public static MutableHttpResponse<ApiError> badRequest(String message) {
        return response(HttpStatus.BAD_REQUEST, message);
    }

    /** 404 for a function that does not exist, with a hint on what to do instead (may be empty). */
    public static MutableHttpResponse<ApiError> functionNotFound(FunctionKey key, String hint) {
        String message = "function '" + key.name() + "' not found in namespace '" + key.namespace() + "'";
        return response(HttpStatus.NOT_FOUND, hint.isEmpty() ? message : message + "; " + hint);
    }
}
