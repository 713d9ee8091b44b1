package dev.faas.controller.backend.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.model.PullResponseItem;

import java.io.IOException;
import java.util.Optional;

/**
 * Follows one image pull and keeps how it failed, if it did. Unlike docker-java's own callback it does not log
 * the failure with a stack trace: the deploy answers it with a message that names the image.
 */
final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {
    private volatile Throwable failure;

    @Override
    public void onNext(PullResponseItem item) {
        if (item != null && item.isErrorIndicated()) {
            String detail = item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError();
            failure = new DockerClientException(detail == null ? "the engine reported an error" : detail);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        failure = throwable;
        try {
            close();
        } catch (IOException ignored) {
            // closing only releases the stream; the failure is what matters
        }
    }

    /** How the pull failed; empty when it succeeded (or is still running). */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }
}
