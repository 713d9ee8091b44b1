package dev.faas.controller.cluster;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.runtime.LogLine;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The output of a function's pods, read through the API server with the kubelet's timestamps: the recent lines of
 * each, or (following) each pod's stream, for the pods there are when following starts.
 */
public final class PodLogs {
    private PodLogs() {
    }

    /** The last {@code tail} lines (all when negative) of each pod labelled with the function, oldest first. */
    public static List<LogLine> read(KubernetesClient client, String namespace, FunctionKey key, int tail) {
        List<LogLine> lines = new ArrayList<>();
        for (Pod pod : pods(client, namespace, key)) {
            String name = pod.getMetadata().getName();
            String text = ClusterCall.run("read the log of pod '" + name + "' in namespace '" + namespace + "'",
                    () -> request(client, namespace, name, tail, false, String.class));
            if (text == null) {
                continue; // the pod went away since it was listed
            }
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(parse(key, name, line));
                }
            }
        }
        lines.sort(Comparator.comparing(LogLine::timestamp));
        return lines;
    }

    /**
     * Streams each pod's last {@code tail} lines and then what it writes, until the handle is closed or every
     * stream ended (then {@code onEnd} runs once).
     */
    public static AutoCloseable follow(KubernetesClient client, String namespace, FunctionKey key, int tail,
                                       Consumer<LogLine> sink, Runnable onEnd) {
        List<Pod> pods = pods(client, namespace, key);
        List<InputStream> streams = new ArrayList<>();
        CountDownLatch open = new CountDownLatch(pods.size());
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            InputStream stream = ClusterCall.run("follow the log of pod '" + name + "' in namespace '" + namespace + "'",
                    () -> request(client, namespace, name, tail, true, InputStream.class));
            if (stream == null) {
                open.countDown(); // the pod went away since it was listed
                continue;
            }
            streams.add(stream);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (!line.isEmpty()) {
                            synchronized (sink) {
                                sink.accept(parse(key, name, line));
                            }
                        }
                    }
                } catch (IOException e) {
                    // the stream was closed: the caller went away, or the pod ended
                } finally {
                    open.countDown();
                }
            }, "faas-pod-log-" + name);
            reader.setDaemon(true);
            reader.start();
        }
        Thread ender = new Thread(() -> {
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            onEnd.run();
        }, "faas-pod-logs-end");
        ender.setDaemon(true);
        ender.start();
        return () -> {
            for (InputStream stream : streams) {
                stream.close();
            }
        };
    }

    private static List<Pod> pods(KubernetesClient client, String namespace, FunctionKey key) {
        return ClusterCall.run("list the pods of function '" + key.name() + "' in namespace '" + namespace + "'",
                () -> client.pods().inNamespace(namespace).withLabels(ClusterLabels.selector(key)).list().getItems());
    }

    /**
     * One GET of the pod's {@code log} subresource. Not through {@code PodResource.getLog()}: that first waits for
     * the pod to be ready with a list and a watch of the pod, even with a zero wait, and the watch is a verb the
     * Role does not grant (nor need: logs are read as they are).
     */
    private static <T> T request(KubernetesClient client, String namespace, String pod, int tail, boolean follow,
                                 Class<T> body) {
        String query = "pretty=false&container=function" + (tail >= 0 ? "&tailLines=" + tail : "") + "&timestamps=true"
                + (follow ? "&follow=true" : "");
        String url = URLUtils.join(client.getMasterUrl().toString(), "api", "v1", "namespaces", namespace, "pods", pod,
                "log") + "?" + query;
        HttpClient http = client.getHttpClient();
        HttpResponse<T> response;
        try {
            response = http.sendAsync(http.newHttpRequestBuilder().uri(url).build(), body).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while requesting " + url, e);
        } catch (ExecutionException e) {
            throw new KubernetesClientException(e.getCause().getMessage(), e.getCause());
        }
        if (response.code() == 404) {
            return null;
        }
        if (!response.isSuccessful()) {
            String text = response.body() instanceof String s ? s : "";
            throw new KubernetesClientException(new StatusBuilder().withCode(response.code())
                    .withMessage(text.isBlank() ? "GET " + url : text.strip()).build());
        }
        return response.body();
    }

    private static LogLine parse(FunctionKey key, String pod, String line) {
        int space = line.indexOf(' ');
        if (space > 0) {
            try {
                return new LogLine(key.name(), key.namespace(), pod, Instant.parse(line.substring(0, space)),
                        line.substring(space + 1));
            } catch (DateTimeParseException e) {
                // not a timestamped line: keep it whole
            }
        }
        return new LogLine(key.name(), key.namespace(), pod, Instant.now(), line);
    }
}
