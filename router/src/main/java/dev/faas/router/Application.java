package dev.faas.router;

import io.micronaut.runtime.Micronaut;

/** Starts the router. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
