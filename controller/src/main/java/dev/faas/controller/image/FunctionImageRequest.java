package dev.faas.controller.image;

import dev.faas.controller.function.FunctionKey;

import java.nio.file.Path;

/**
 * What to build an image of: the function, its build tag, the template it was made from (may be empty), the full
 * sha256 of its source archive, and the installed artifact directory ({@code function.jar} + {@code lib/}).
 */
public record FunctionImageRequest(FunctionKey function, String tag, String template, String sourceDigest,
                                   Path artifact) {
}
