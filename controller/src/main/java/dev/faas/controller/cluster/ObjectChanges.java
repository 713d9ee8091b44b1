package dev.faas.controller.cluster;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.util.function.Consumer;

/**
 * An informer handler for watchers that only care about an object's latest state: an added object and the new state
 * of an updated one go to {@code changed}; a deleted one to {@code deleted}.
 */
public final class ObjectChanges<T> implements ResourceEventHandler<T> {
    private final Consumer<T> changed;
    private final Consumer<T> deleted;

    private ObjectChanges(Consumer<T> changed, Consumer<T> deleted) {
        this.changed = changed;
        this.deleted = deleted;
    }

    /** Adds, updates and deletes all go to {@code changed} (it reads the current state from elsewhere). */
    public static <T> ObjectChanges<T> to(Consumer<T> changed) {
        return new ObjectChanges<>(changed, changed);
    }

    /** Adds and updates go to {@code changed}, deletes to {@code deleted}. */
    public static <T> ObjectChanges<T> to(Consumer<T> changed, Consumer<T> deleted) {
        return new ObjectChanges<>(changed, deleted);
    }

    @Override
    public void onAdd(T object) {
        changed.accept(object);
    }

    @Override
    public void onUpdate(T before, T after) {
        changed.accept(after);
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
        deleted.accept(object);
    }
}
