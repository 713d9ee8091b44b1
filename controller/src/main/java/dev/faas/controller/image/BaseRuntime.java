package dev.faas.controller.image;

import java.nio.file.Path;

/**
 * A base runtime built here: {@code os/} mirrors the image root (shared libraries, the dynamic loader,
 * {@code /etc/passwd}) and {@code java/} is the jlinked runtime that goes to {@link #JAVA_HOME}.
 */
public record BaseRuntime(Path directory) {
    /** Where the Java runtime lives inside images. */
    public static final String JAVA_HOME = "/opt/java";

    /** The tree copied to the image's root. */
    public Path os() {
        return directory.resolve("os");
    }

    /** The jlinked Java runtime. */
    public Path java() {
        return directory.resolve("java");
    }
}
