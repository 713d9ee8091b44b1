package dev.faas.controller.cluster;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.runtime.LogLine;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The recent output of a function's pods, read through the API server with the kubelet's timestamps. */
public final class PodLogs {
    private PodLogs() {
    }

    /** The last {@code tail} lines (all when negative) of each pod labelled with the function, oldest first. */
    public static List<LogLine> read(KubernetesClient client, String namespace, FunctionKey key, int tail) {
        List<Pod> pods = ClusterCall.run("list the pods of function '" + key.name() + "' in namespace '" + namespace + "'",
                () -> client.pods().inNamespace(namespace).withLabels(ClusterLabels.selector(key)).list().getItems());
        List<LogLine> lines = new ArrayList<>();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            var log = client.pods().inNamespace(namespace).withName(name).inContainer("function")
                    // Not waiting for the pod to be ready (a watch the Role would have to allow): logs are read as they are.
                    .withReadyWaitTimeout(0).usingTimestamps();
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
