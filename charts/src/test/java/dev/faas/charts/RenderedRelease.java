package dev.faas.charts;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What {@code helm template} printed: the text and the objects parsed from it with fabric8. */
record RenderedRelease(String manifest, List<HasMetadata> objects) {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static RenderedRelease parse(String manifest) {
        List<HasMetadata> objects = new ArrayList<>();
        // Helm separates documents with a line "---" and heads each with "# Source: ...".
        for (String document : manifest.split("(?m)^---\\s*$")) {
            if (document.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#"))) {
                objects.add(SERIALIZATION.unmarshal(document));
            }
        }
        return new RenderedRelease(manifest, List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> named = all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        if (named.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " named " + name + ", found " + named.size()
                    + " among " + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
        }
        return named.get(0);
    }

    Deployment controller() {
        return one(Deployment.class, FaasChart.RELEASE + "-controller");
    }

    Deployment router() {
        return one(Deployment.class, FaasChart.RELEASE + "-router");
    }

    /** The application.yml a component's ConfigMap holds, as nested maps. */
    @SuppressWarnings("unchecked")
    Map<String, Object> applicationYml(String component) {
        ConfigMap configMap = one(ConfigMap.class, FaasChart.RELEASE + "-" + component);
        return SERIALIZATION.unmarshal(configMap.getData().get("application.yml"), Map.class);
    }
}
