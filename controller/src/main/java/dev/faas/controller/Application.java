package dev.faas.controller;

import io.micronaut.runtime.Micronaut;

/** Starts the controller. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut micronaut = Micronaut.build(args).mainClass(Application.class);
        // In a cluster, the bootstrap context reads configuration from ConfigMaps and Secrets (bootstrap-k8s.yml).
        micronaut.bootstrapEnvironment(System.getenv("KUBERNETES_SERVICE_HOST") != null);
        micronaut.start();
    }
}
