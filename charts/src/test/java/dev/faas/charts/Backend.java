package dev.faas.charts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The chart's backends and the API calls each makes, as grants. This is the list the Role must match exactly:
 * a backend that starts calling something new needs both the chart's rbac.yaml and this list changed.
 */
enum Backend {
    KUBERNETES("kubernetes"),
    KNATIVE("knative");

    private static final List<String> MANAGE = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    final String value;

    Backend(String value) {
        this.value = value;
    }

    Set<Grant> expectedGrants() {
        Set<Grant> grants = new LinkedHashSet<>();
        switch (this) {
            case KUBERNETES -> {
                grants.addAll(Grant.on("apps", List.of("deployments"), MANAGE));
                grants.addAll(Grant.on("apps", List.of("deployments/scale"), List.of("get", "update", "patch")));
                grants.addAll(Grant.on("", List.of("services"), MANAGE));
                grants.addAll(Grant.on("discovery.k8s.io", List.of("endpointslices"), List.of("get", "list", "watch")));
            }
            case KNATIVE -> grants.addAll(Grant.on("serving.knative.dev", List.of("services"), MANAGE));
        }
        grants.addAll(Grant.on("", List.of("secrets"), List.of("get", "list", "create", "update", "patch", "delete")));
        grants.addAll(Grant.on("faas.dev", List.of("functions"), MANAGE));
        grants.addAll(Grant.on("faas.dev", List.of("functions/status"), List.of("get", "update", "patch")));
        return grants;
    }
}
