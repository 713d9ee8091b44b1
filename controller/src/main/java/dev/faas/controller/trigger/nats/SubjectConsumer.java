package dev.faas.controller.trigger.nats;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.trigger.EventDelivery;
import dev.faas.controller.trigger.EventRequest;
import dev.faas.controller.trigger.TriggerStats;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One function's NATS trigger: pulls up to {@code concurrency} messages at a time from its durable JetStream
 * consumer, hands each to the function as a CloudEvent and acknowledges it only after the function succeeded
 * (or it became a dead letter); a failure is NAKed with a backoff and delivered again.
 */
final class SubjectConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SubjectConsumer.class);
    static final String KIND = "nats";

    private final FunctionKey function;
    private final NatsTrigger trigger;
    private final JetStreamSubscription subscription;
    private final JetStreamManagement management;
    private final EventDelivery delivery;
    private final TriggerStats stats;
    private final ExecutorService workers;
    private volatile boolean running = true;

    SubjectConsumer(FunctionKey function, NatsTrigger trigger, JetStreamSubscription subscription,
                    JetStreamManagement management, EventDelivery delivery, TriggerStats stats) {
        this.function = function;
        this.trigger = trigger;
        this.subscription = subscription;
        this.management = management;
        this.delivery = delivery;
        this.stats = stats;
        this.workers = Executors.newFixedThreadPool(trigger.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "nats-trigger-" + function);
            thread.setDaemon(true);
            return thread;
        });
    }

    NatsTrigger trigger() {
        return trigger;
    }

    @Override
    public void run() {
        while (running) {
            try {
                List<Message> batch = subscription.fetch(trigger.concurrency(), Duration.ofSeconds(1));
                List<Future<?>> inFlight = batch.stream().<Future<?>>map(m -> workers.submit(() -> handle(m))).toList();
                for (Future<?> done : inFlight) {
                    done.get();
                }
                reportLag();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    LOG.warn("NATS trigger of {} on '{}': {}", function, trigger.subject(), e.getMessage());
                    sleepQuietly();
                }
            }
        }
    }

    private Void handle(Message message) throws InterruptedException {
        int attempt = (int) message.metaData().deliveredCount();
        String eventId = "nats-" + message.metaData().getStream() + "-" + message.metaData().streamSequence();
        String contentType = message.hasHeaders() && message.getHeaders().getFirst("Content-Type") != null
                ? message.getHeaders().getFirst("Content-Type") : "application/octet-stream";
        EventRequest request = EventRequest.of(CloudEventBuilder.v1()
                .withId(eventId)
                .withSource(URI.create("/faas/nats/" + trigger.subject()))
                .withType("dev.faas.nats.message")
                .withSubject(message.getSubject())
                .withTime(message.metaData().timestamp().toOffsetDateTime())
                .withDataContentType(contentType)
                .withData(message.getData())
                .build());
        switch (delivery.deliver(function, KIND, eventId, request, attempt)) {
            case RETRY -> message.nakWithDelay(delivery.backoff(attempt));
            case DELIVERED, DEAD_LETTER -> ack(message);
        }
        return null;
    }

    private void ack(Message message) throws InterruptedException {
        try {
            message.ackSync(Duration.ofSeconds(5));
        } catch (java.util.concurrent.TimeoutException e) {
            // Not confirmed: the server may deliver it again after ack-wait (at least once).
            LOG.warn("NATS did not confirm an ack for {}: {}", function, e.getMessage());
        }
    }

    private void reportLag() {
        try {
            var info = management.getConsumerInfo(trigger.stream(), trigger.durable());
            stats.lag(function, KIND, info.getNumPending() + info.getNumAckPending());
        } catch (Exception e) {
            LOG.debug("No consumer info for {}: {}", function, e.getMessage());
        }
    }

    void stop() {
        running = false;
        workers.shutdownNow();
        try {
            subscription.unsubscribe();
        } catch (RuntimeException ignored) {
            // already closed with its connection
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
