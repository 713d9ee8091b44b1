package dev.faas.controller.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import dev.faas.controller.build.ArtifactStore;
import dev.faas.controller.function.FunctionKey;

import java.nio.file.Path;

/**
 * Where one function image goes, by {@code faas.image.target}: its reference and the jib containerizer for it.
 * Docker and tar images keep the artifact's own name {@code faas.local/<ns>/<name>:<tag>}, so one reference serves
 * the process and the docker backends; registry images are {@code <registry>/<ns>/<name>:<tag>}.
 */
record ImageDestination(ImageTarget target, String reference, Path tar, Containerizer containerizer) {

    static ImageDestination of(ImageSettings settings, FunctionKey function, String tag) {
        try {
            return switch (settings.target()) {
                case DOCKER -> {
                    String reference = ArtifactStore.imageOf(function, tag);
                    yield new ImageDestination(ImageTarget.DOCKER, reference, null,
                            Containerizer.to(DockerDaemonImage.named(reference)));
                }
                case REGISTRY -> {
                    String reference = settings.registry() + "/" + function.namespace() + "/" + function.name() + ":" + tag;
                    yield new ImageDestination(ImageTarget.REGISTRY, reference, null,
                            Containerizer.to(RegistryImage.named(reference)));
                }
                case TAR -> {
                    String reference = ArtifactStore.imageOf(function, tag);
                    Path tar = settings.imagesDir().resolve("tars").resolve(function.namespace())
                            .resolve(function.name()).resolve(tag + ".tar");
                    yield new ImageDestination(ImageTarget.TAR, reference, tar,
                            Containerizer.to(TarImage.at(tar).named(reference)));
                }
                case NONE -> throw new IllegalStateException("faas.image.target is none: no image to build");
            };
        } catch (InvalidImageReferenceException e) {
            throw new ImageBuildException("cannot name the image of " + function + ": " + e.getMessage()
                    + " (check faas.image.registry)", e);
        }
    }

    /** How the build log names where the image went. */
    String where() {
        return switch (target) {
            case DOCKER -> "the local Docker engine";
            case REGISTRY -> "registry " + reference.substring(0, reference.indexOf('/'));
            case TAR -> "OCI tar " + tar;
            case NONE -> "nowhere";
        };
    }
}
