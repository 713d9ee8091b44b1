package dev.faas.controller.async;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code faas.async.workers} threads that take calls from the queue and run them, from the moment the controller
 * serves HTTP until shutdown: a call goes through the router, whose activation needs this controller, so calls left
 * from the last run taken before it listens would fail at once and be spent retrying against nothing.
 */
@Context
public class AsyncWorkers implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncWorkers.class);

    private static final Duration RETRY_AFTER_OWN_FAILURE = Duration.ofSeconds(5);

    private final CallQueue queue;
    private final CallProcessor processor;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    public AsyncWorkers(CallQueue queue, CallProcessor processor, AsyncSettings settings) {
        this.queue = queue;
        this.processor = processor;
        for (int i = 0; i < settings.workers(); i++) {
            Thread thread = new Thread(this::work, "async-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    /** Starts the workers once the controller listens. */
    @Override
    public synchronized void onApplicationEvent(ServerStartupEvent event) {
        if (threads.isEmpty() || threads.get(0).getState() != Thread.State.NEW || !running) {
            return;
        }
        threads.forEach(Thread::start);
        LOG.info("Async calls: {} queue, {} workers, {} call(s) waiting", queue.kind(), threads.size(), queue.depth());
    }

    private void work() {
        while (running) {
            try {
                Optional<CallQueue.Delivery> delivery = queue.poll(Duration.ofSeconds(1));
                if (delivery.isPresent()) {
                    run(delivery.get());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Async worker could not take a call from the {} queue: {}", queue.kind(), e.getMessage(), e);
            }
        }
    }

    private void run(CallQueue.Delivery delivery) throws InterruptedException {
        try {
            processor.process(delivery);
        } catch (RuntimeException e) {
            // A failure of ours (a full disk, say), not the function's: the call stays unacknowledged and comes back.
            LOG.error("Async call {} failed in the controller; retrying it in {}: {}", delivery.call().id(),
                    RETRY_AFTER_OWN_FAILURE, e.getMessage(), e);
            delivery.retryAfter(RETRY_AFTER_OWN_FAILURE);
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
