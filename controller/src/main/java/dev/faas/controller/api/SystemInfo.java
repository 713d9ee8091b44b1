package dev.faas.controller.api;

import io.micronaut.core.annotation.Introspected;

/** The body of {@code GET /system/info}, in the OpenFaaS shape. */
@Introspected
public record SystemInfo(Provider provider, Version version, String arch) {

    /** Which provider runs the functions and on what orchestration. */
    @Introspected
    public record Provider(String provider, String orchestration, Version version) {
    }

    /** A release number and the source revision it was built from. */
    @Introspected
    public record Version(String release, String sha) {
    }
}
