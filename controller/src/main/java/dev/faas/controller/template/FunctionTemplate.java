package dev.faas.controller.template;

import io.micronaut.core.annotation.Introspected;

/**
 * A function template the controller can build from, as {@code GET /system/templates} lists it: its {@code
 * template.yml} (name, language, description, handler class) plus the handler's source file, so that a form can
 * start from it.
 *
 * @param handlerFile   the handler's path inside the project, e.g. {@code src/main/java/function/Handler.java}
 * @param handlerSource the handler's source as the template has it
 */
@Introspected
public record FunctionTemplate(String name, String language, String description, String handler, String handlerFile,
                               String handlerSource) {
}
