package dev.faas.controller.api;

import dev.faas.controller.backend.BackendUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** The engine that runs instances does not answer → 503 with where it was looked for and what to do. */
@Singleton
public class BackendUnavailableHandler
        implements ExceptionHandler<BackendUnavailableException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, BackendUnavailableException exception) {
        return ApiError.response(HttpStatus.SERVICE_UNAVAILABLE, exception.getMessage());
    }
}
