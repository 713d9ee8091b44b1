package dev.faas.controller;

import io.micronaut.runtime.Micronaut;

/** Starts the controller. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
