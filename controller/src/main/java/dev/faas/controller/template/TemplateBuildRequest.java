package dev.faas.controller.template;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * The body of {@code POST /system/templates/{template}/builds}: the function to build and, optionally, the
 * handler's source to use instead of the template's.
 */
@Introspected
public record TemplateBuildRequest(String name, @Nullable String namespace, @Nullable String handlerSource) {
}
