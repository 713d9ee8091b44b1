package dev.faas.controller.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.faas.controller.backend.BackendUnavailableException;
import dev.faas.controller.function.InvalidFunctionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Asks the engine whether it answers and has an image, pulling the image when it is missing. */
public final class EngineImages {
    private static final Logger LOG = LoggerFactory.getLogger(EngineImages.class);

    private final DockerClient docker;
    private final DockerSettings settings;

    public EngineImages(DockerClient docker, DockerSettings settings) {
        this.docker = docker;
        this.settings = settings;
    }

    /** Fails at once, with what to do, when the engine does not answer. */
    public void requireEngine() {
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** The engine is unreachable: say where it was looked for and how to fix it. */
    public BackendUnavailableException unavailable(Throwable cause) {
        return new BackendUnavailableException("the Docker engine at " + settings.host() + " does not answer ("
                + rootMessage(cause) + "): start dockerd, or point faas.docker.host (env FAAS_DOCKER_HOST) at the"
                + " engine's socket", cause);
    }

    /** Makes sure the engine has the image, pulling it if not; the image's configured user. */
    public String requireImage(String image) {
        Optional<InspectImageResponse> local = inspect(image);
        if (local.isEmpty()) {
            pull(image);
            local = inspect(image);
        }
        InspectImageResponse found = local.orElseThrow(() -> missing(image, "it is still missing after the pull"));
        return found.getConfig() == null ? null : found.getConfig().getUser();
    }

    private Optional<InspectImageResponse> inspect(String image) {
        try {
            return Optional.of(docker.inspectImageCmd(image).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (DockerException e) {
            throw missing(image, e.getMessage());
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private void pull(String image) {
        LOG.info("pulling image {}", image);
        try {
            PullProgress pull = docker.pullImageCmd(withTag(image)).exec(new PullProgress());
            if (!pull.awaitCompletion(settings.pullTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw missing(image, "the pull did not finish within " + settings.pullTimeout().toSeconds() + " s");
            }
            Optional<Throwable> failure = pull.failure();
            if (failure.isPresent()) {
                throw missing(image, rootMessage(failure.get()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw missing(image, "the pull was interrupted");
        } catch (DockerException | com.github.dockerjava.api.exception.DockerClientException e) {
            throw missing(image, rootMessage(e));
        }
    }

    /** Without a tag or digest the engine would pull every tag; the reference means {@code :latest}. */
    private static String withTag(String image) {
        int slash = image.lastIndexOf('/');
        String last = image.substring(slash + 1);
        return last.contains(":") || last.contains("@") ? image : image + ":latest";
    }

    private InvalidFunctionException missing(String image, String why) {
        return new InvalidFunctionException("image '" + image + "' is not on the Docker engine and could not be"
                + " pulled (" + why.strip() + "): push it to a registry the engine can reach, or build it on that"
                + " engine, and deploy again");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
    }
}
