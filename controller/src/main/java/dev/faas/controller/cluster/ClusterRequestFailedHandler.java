package dev.faas.controller.cluster;

import dev.faas.controller.api.ApiError;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** An API server that refused or failed a request → 502 with what was asked and the server's reason. */
@Singleton
public class ClusterRequestFailedHandler
        implements ExceptionHandler<ClusterRequestFailedException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ClusterRequestFailedException exception) {
        return ApiError.response(HttpStatus.BAD_GATEWAY, exception.getMessage());
    }
}
