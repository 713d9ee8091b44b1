package dev.faas.controller.api;

import dev.faas.controller.function.FunctionNotFoundException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Unknown function → 404 naming it and its namespace. */
@Singleton
public class FunctionNotFoundHandler
        implements ExceptionHandler<FunctionNotFoundException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, FunctionNotFoundException exception) {
        return ApiError.response(HttpStatus.NOT_FOUND, exception.getMessage());
    }
}
