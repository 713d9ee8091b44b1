package dev.faas.controller.backend.process;

import java.nio.file.Path;
import java.util.Optional;

/** Finds the directory of a function built by this controller from its image reference. */
public interface ArtifactResolver {

    /** The artifact directory ({@code function.jar} and {@code lib/}) of a {@code faas.local/...} image, if any. */
    Optional<Path> artifactFor(String image);
}
