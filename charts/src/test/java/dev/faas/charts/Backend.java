package dev.faas.charts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The chart's backends and the API calls each makes in a function namespace (the controller's
 * {@code dev.faas.controller.cluster} package, as its ClusterPermissionsTest records them), as grants. The rendered Role must match this list exactly: a backend that starts calling something
 * new needs both the chart's rbac.yaml and this list changed.
 */
enum Backend {
    KUBERNETES("kubernetes"),
    KNATIVE("knative");

    final String value;

    Backend(String value) {
        this.value = value;
    }

    /** What the backend calls with Function resources watched (the chart's default). */
    Set<Grant> expectedGrants() {
        return expectedGrants(true);
    }

    Set<Grant> expectedGrants(boolean functionResources) {
        Set<Grant> grants = new LinkedHashSet<>();
        switch (this) {
            case KUBERNETES -> {
                // create-or-update reads before it updates; replicas are set with a merge patch.
                grants.addAll(Grant.on("apps", List.of("deployments"), List.of("get", "list", "create", "update", "patch", "delete")));
                grants.addAll(Grant.on("", List.of("services"), List.of("get", "create", "delete")));
                grants.addAll(Grant.on("discovery.k8s.io", List.of("endpointslices"), List.of("list", "watch")));
            }
            case KNATIVE -> {
                grants.addAll(Grant.on("serving.knative.dev", List.of("services"),
                        List.of("get", "list", "watch", "create", "update", "patch", "delete")));
                // Knative's wake-ups from zero are cold starts, seen by watching Revisions.
                grants.addAll(Grant.on("serving.knative.dev", List.of("revisions"), List.of("list", "watch")));
            }
        }
        grants.addAll(Grant.on("", List.of("pods"), List.of("list")));
        grants.addAll(Grant.on("", List.of("pods/log"), List.of("get")));
        grants.addAll(Grant.on("", List.of("secrets"), List.of("get", "create", "update", "delete")));
        if (functionResources) {
            grants.addAll(Grant.on("faas.dev", List.of("functions"), List.of("get", "list", "watch")));
            // The status is written with a patch after reading the object (editStatus).
            grants.addAll(Grant.on("faas.dev", List.of("functions/status"), List.of("patch")));
        }
        return grants;
    }
}
