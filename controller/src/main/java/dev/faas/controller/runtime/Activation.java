package dev.faas.controller.runtime;

/** The outcome of waking a function: the cold start it caused, or null when an instance was already ready. */
public record Activation(String coldStartId) {
}
