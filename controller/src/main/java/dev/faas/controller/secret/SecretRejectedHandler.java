package dev.faas.controller.secret;

import dev.faas.controller.api.ApiError;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a rejected secrets request with its status and message. */
@Singleton
public class SecretRejectedHandler implements ExceptionHandler<SecretRejectedException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, SecretRejectedException exception) {
        return ApiError.response(exception.status(), exception.getMessage());
    }
}
