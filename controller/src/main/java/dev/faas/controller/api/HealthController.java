package dev.faas.controller.api;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/** Liveness probe; open without credentials. */
@Controller("/healthz")
public class HealthController {

    @Get
    @Produces(MediaType.TEXT_PLAIN)
    public String health() {
        return "OK";
    }
}
