package dev.faas.router.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/** Gives Micronaut's own errors (unknown path, wrong method, bad request) our {@code {"status","message"}} shape. */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class JsonErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {

    @Override
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        String message = context.getErrors().stream()
                .map(Error::getMessage)
                .collect(Collectors.joining("; "));
        if (message.isBlank()) {
            message = response.reason();
        }
        int status = response.code();
        String path = context.getRequest().getPath();
        if (status == 404) {
            message = "nothing is served at '" + path + "'; functions are called at /function/<name>";
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(new ErrorBody(status, message));
    }
}
