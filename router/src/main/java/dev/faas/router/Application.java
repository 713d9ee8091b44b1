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
        ApplicationContext context = Micronaut.run(Application.class, args);
        TermSignalDrain.install(context.getBean(RouterDrain.class));
    }
}
