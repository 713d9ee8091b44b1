package dev.faas.controller.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a built function image goes ({@code faas.image.target}). */
public enum ImageTarget {
    /** No image: the build stops at the artifact directory (the process backend needs nothing more). */
    NONE,
    /** The local Docker engine, loaded under the artifact's own reference {@code faas.local/<ns>/<name>:<tag>}. */
    DOCKER,
    /** A registry ({@code faas.image.registry}), as {@code <registry>/<ns>/<name>:<tag>}. */
    REGISTRY,
    /** An OCI image tar under {@code <state>/images/}. */
    TAR;

    /** Parses a configured value, case-insensitively; an unknown one names the choices. */
    public static ImageTarget parse(String value) {
        String wanted = value == null || value.isBlank() ? "none" : value.trim();
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("faas.image.target '" + value + "' is not one of "
                        + Arrays.stream(values()).map(ImageTarget::configName).collect(Collectors.joining(", "))));
    }

    /** The name as written in configuration. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
