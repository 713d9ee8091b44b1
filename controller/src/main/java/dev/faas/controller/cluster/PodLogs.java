package dev.faas.controller.cluster;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.runtime.LogLine;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
            var log = log(client, namespace, name);
            String text = ClusterCall.run("read the log of pod '" + name + "' in namespace '" + namespace + "'",
                    () -> tail >= 0 ? log.tailingLines(tail).getLog() : log.getLog());
            if (text == null) {
                continue;
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
        List<io.fabric8.kubernetes.client.dsl.LogWatch> watches = new ArrayList<>();
        CountDownLatch open = new CountDownLatch(pods.size());
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            var log = log(client, namespace, name);
            var watch = ClusterCall.run("follow the log of pod '" + name + "' in namespace '" + namespace + "'",
                    () -> (tail >= 0 ? log.tailingLines(tail) : log).watchLog());
            watches.add(watch);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
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
        return () -> watches.forEach(io.fabric8.kubernetes.client.dsl.LogWatch::close);
    }

    private static List<Pod> pods(KubernetesClient client, String namespace, FunctionKey key) {
        return ClusterCall.run("list the pods of function '" + key.name() + "' in namespace '" + namespace + "'",
                () -> client.pods().inNamespace(namespace).withLabels(ClusterLabels.selector(key)).list().getItems());
    }

    private static io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable log(KubernetesClient client, String namespace,
                                                                               String pod) {
        return client.pods().inNamespace(namespace).withName(pod).inContainer("function")
                // Not waiting for the pod to be ready (a watch the Role would have to allow): logs are read as they are.
                .withReadyWaitTimeout(0).usingTimestamps();
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
