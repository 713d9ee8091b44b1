package dev.faas.controller.api;

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
}
