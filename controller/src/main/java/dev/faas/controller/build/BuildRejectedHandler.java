package dev.faas.controller.build;

import dev.faas.controller.api.ApiError;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a rejected build request with its status and message. */
@Singleton
public class BuildRejectedHandler implements ExceptionHandler<BuildRejectedException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, BuildRejectedException exception) {
        return ApiError.response(exception.status(), exception.getMessage());
    }
}
