package dev.faas.controller.cluster.knative;

import dev.faas.controller.cluster.ClusterCall;
import dev.faas.controller.cluster.ClusterLabels;
import dev.faas.controller.cluster.ClusterNamespaces;
import dev.faas.controller.cluster.PlatformWake;
import dev.faas.controller.function.FunctionKey;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Revision;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Notices Knative waking a revision from zero: its status goes from 0 desired and 0 actual replicas to 1+ desired
 * (Knative's activator holds a call and asks for a pod), then to 1+ actual (the pod is ready). One informer on the
 * function revisions of each served namespace (Knative copies the template's labels onto them).
 */
final class RevisionWakes implements AutoCloseable {
    private final KnativeClient knative;
    private final ClusterNamespaces namespaces;
    private final Consumer<PlatformWake> listener;
    private final Map<String, Long> waking = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<Revision>> informers = new ArrayList<>();

    RevisionWakes(KnativeClient knative, ClusterNamespaces namespaces, Consumer<PlatformWake> listener) {
        this.knative = knative;
        this.namespaces = namespaces;
        this.listener = listener;
    }

    /** Starts watching every served namespace. */
    RevisionWakes start() {
        for (String ns : namespaces.served()) {
            informers.add(ClusterCall.run("list and watch Knative Revisions in namespace '" + ns + "'",
                    () -> knative.revisions().inNamespace(ns).withLabel(ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER)
                            .inform(new ResourceEventHandler<>() {
                                @Override
                                public void onAdd(Revision r) {
                                }

                                @Override
                                public void onUpdate(Revision before, Revision after) {
                                    changed(before, after);
                                }

                                @Override
                                public void onDelete(Revision r, boolean finalStateUnknown) {
                                    waking.remove(key(r));
                                }
                            }, 0)));
        }
        return this;
    }

    private void changed(Revision before, Revision after) {
        String id = key(after);
        long now = System.currentTimeMillis();
        if (atZero(before) && desired(after) > 0 && actual(after) == 0) {
            waking.putIfAbsent(id, now);
        }
        if (actual(after) > 0) {
            Long requested = waking.remove(id);
            String function = after.getMetadata().getLabels().get(ClusterLabels.FUNCTION);
            if (requested != null && function != null) {
                listener.accept(new PlatformWake(new FunctionKey(
                        namespaces.functionNamespace(after.getMetadata().getNamespace()), function), requested, now));
            }
        }
    }

    private static boolean atZero(Revision r) {
        return r.getStatus() != null && r.getStatus().getDesiredReplicas() != null
                && r.getStatus().getDesiredReplicas() == 0 && actual(r) == 0;
    }

    private static int desired(Revision r) {
        return r.getStatus() == null || r.getStatus().getDesiredReplicas() == null ? 0 : r.getStatus().getDesiredReplicas();
    }

    private static int actual(Revision r) {
        return r.getStatus() == null || r.getStatus().getActualReplicas() == null ? 0 : r.getStatus().getActualReplicas();
    }

    private static String key(Revision r) {
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
