package dev.faas.controller.api;

import dev.faas.controller.function.InvalidFunctionException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Invalid names, images, limits or labels → 400 with the validator's message. */
@Singleton
public class InvalidFunctionHandler implements ExceptionHandler<InvalidFunctionException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, InvalidFunctionException exception) {
        return ApiError.badRequest(exception.getMessage());
    }
}
