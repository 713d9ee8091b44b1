package dev.faas.cli.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One function of a stack file, with its handler resolved against the stack file's directory.
 *
 * @param handler the function's source directory (absolute), or null for an image-only function
 */
public record StackFunction(String name, String lang, Path handler, String image, String namespace,
                            Map<String, String> environment, Map<String, String> labels,
                            Map<String, String> annotations, Resources limits, Resources requests,
                            List<String> secrets) {

    public StackFunction {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** Whether the function is built from source (it has a handler directory). */
    public boolean hasSource() {
        return handler != null;
    }

    /** The stack's namespace for this function, else the fallback. */
    public String namespaceOr(String fallback) {
        return namespace == null || namespace.isBlank() ? fallback : namespace;
    }
}
