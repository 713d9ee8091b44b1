package dev.faas.controller.build;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The pool builds run on: two at a time (the machine has two cores), a short queue, then refusal. */
@Factory
public class BuildExecutorFactory {
    /** The bean name of the build pool. */
    public static final String BUILDS = "faas-builds";
    static final int PARALLEL_BUILDS = 2;
    static final int QUEUED_BUILDS = 16;

    @Singleton
    @Named(BUILDS)
    @Bean(preDestroy = "shutdownNow")
    ExecutorService buildExecutor() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(PARALLEL_BUILDS, PARALLEL_BUILDS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_BUILDS), runnable -> {
                    Thread thread = new Thread(runnable, "build-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }
}
