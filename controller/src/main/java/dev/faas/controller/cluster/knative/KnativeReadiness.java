package dev.faas.controller.cluster.knative;

import io.fabric8.knative.serving.v1.Service;

import java.net.URI;

/** Reads a Knative Service's status: its {@code Ready} condition and the route routers call. */
final class KnativeReadiness {
    private KnativeReadiness() {
    }

    /** Whether the Service's Ready condition is True. */
    static boolean isReady(Service s) {
        return s.getStatus().getConditions() != null && s.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The cluster-local address (what a router inside the cluster calls), else the public URL; null when neither. */
    static URI route(Service s) {
        if (s.getStatus().getAddress() != null && s.getStatus().getAddress().getUrl() != null) {
            return URI.create(s.getStatus().getAddress().getUrl());
        }
        return s.getStatus().getUrl() == null ? null : URI.create(s.getStatus().getUrl());
    }
}
