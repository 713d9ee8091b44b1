package dev.faas.router;

import dev.faas.router.drain.RouterDrain;
import dev.faas.router.drain.TermSignalDrain;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

/** Starts the router; SIGTERM drains it before it exits. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut micronaut = Micronaut.build(args).mainClass(Application.class);
        // In a cluster, the bootstrap context reads configuration from ConfigMaps and Secrets (bootstrap-k8s.yml).
        micronaut.bootstrapEnvironment(System.getenv("KUBERNETES_SERVICE_HOST") != null);
        ApplicationContext context = micronaut.start();
        TermSignalDrain.install(context.getBean(RouterDrain.class));
    }
}
