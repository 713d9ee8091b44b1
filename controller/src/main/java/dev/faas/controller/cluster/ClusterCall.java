package dev.faas.controller.cluster;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.function.Supplier;

/** Runs one API server request and turns its failure into a {@link ClusterRequestFailedException} naming what was asked. */
public final class ClusterCall {
    private ClusterCall() {
    }

    /** Runs {@code request}; {@code what} says what it does, e.g. {@code "create Deployment 'hello' in namespace 'fn'"}. */
    public static <T> T run(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw failed(what, e);
        }
    }

    /** Runs {@code request}, which returns nothing. */
    public static void run(String what, Runnable request) {
        run(what, () -> {
            request.run();
            return null;
        });
    }

    private static ClusterRequestFailedException failed(String what, KubernetesClientException e) {
        Status status = e.getStatus();
        String reason;
        if (e.getCode() > 0 && status != null) {
            reason = "the API server answered " + e.getCode()
                    + (status.getReason() != null ? " " + status.getReason() : "")
                    + (status.getMessage() != null ? ": " + status.getMessage() : "");
        } else {
            reason = "the API server did not answer (" + rootMessage(e) + ")";
        }
        return new ClusterRequestFailedException("cannot " + what + ": " + reason, e.getCode(), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
