package dev.faas.controller.api;

import dev.faas.controller.runtime.DeployFailedException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A new version that never became ready → 422 with the reason; the previous version keeps serving. */
@Singleton
public class DeployFailedHandler implements ExceptionHandler<DeployFailedException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, DeployFailedException exception) {
        return ApiError.response(HttpStatus.UNPROCESSABLE_ENTITY, exception.getMessage());
    }
}
