package dev.faas.controller.trigger.nats;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import dev.faas.controller.trigger.EventDelivery;
import dev.faas.controller.trigger.TriggerStats;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the NATS subject triggers of deployed functions (on when {@code faas.triggers.nats.url} is set). Every
 * second it reads the function store and starts or stops one {@link SubjectConsumer} per function with a
 * {@code nats.subject} annotation. A subject no stream holds gets its own file-backed stream
 * ({@code FAAS_EVENTS_<hash>}); each function reads it through its own durable consumer
 * ({@code faas-<namespace>-<name>}), from the first message the stream retains.
 */
@Context
@Requires(property = "faas.triggers.nats.url")
public class NatsTriggers {
    private static final Logger LOG = LoggerFactory.getLogger(NatsTriggers.class);

    private final FunctionStore functions;
    private final EventDelivery delivery;
    private final TriggerStats stats;
    private final Duration ackWait;
    private final Connection connection;
    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final Map<FunctionKey, SubjectConsumer> running = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "nats-triggers");
        thread.setDaemon(true);
        return thread;
    });

    public NatsTriggers(FunctionStore functions, EventDelivery delivery, TriggerStats stats,
                        @Value("${faas.triggers.nats.url}") String url,
                        @Value("${faas.triggers.nats.ack-wait:6m}") Duration ackWait)
            throws IOException, InterruptedException {
        this.functions = functions;
        this.delivery = delivery;
        this.stats = stats;
        this.ackWait = ackWait;
        this.connection = Nats.connect(new Options.Builder().server(url).maxReconnects(-1)
                .connectionTimeout(Duration.ofSeconds(5)).build());
        this.jetStream = connection.jetStream();
        this.management = connection.jetStreamManagement();
        timer.scheduleWithFixedDelay(this::sync, 0, 1, TimeUnit.SECONDS);
        LOG.info("NATS triggers: on, at {}", url);
    }

    private synchronized void sync() {
        Map<FunctionKey, NatsTrigger> wanted = new HashMap<>();
        for (FunctionSpec spec : functions.list()) {
            try {
                NatsTrigger.of(spec).ifPresent(trigger -> wanted.put(spec.key(), trigger));
            } catch (RuntimeException e) {
                LOG.debug("Ignoring the NATS trigger of {}: {}", spec.key(), e.getMessage());
            }
        }
        running.entrySet().removeIf(entry -> {
            NatsTrigger want = wanted.get(entry.getKey());
            boolean stale = want == null || !want.sameAs(entry.getValue().trigger());
            if (stale) {
                entry.getValue().stop();
                stats.forget(entry.getKey(), SubjectConsumer.KIND);
                LOG.info("NATS trigger of {} stopped", entry.getKey());
            }
            return stale;
        });
        wanted.forEach((key, trigger) -> {
            if (!running.containsKey(key)) {
                try {
                    start(key, trigger);
                } catch (Exception e) {
                    stats.failed(key, SubjectConsumer.KIND, "cannot subscribe to '" + trigger.subject() + "': "
                            + e.getMessage());
                    LOG.warn("NATS trigger of {} on '{}' cannot start: {}", key, trigger.subject(), e.getMessage());
                }
            }
        });
    }

    private void start(FunctionKey key, NatsTrigger declared) throws IOException, JetStreamApiException {
        NatsTrigger trigger = declared.in(streamFor(declared.subject()));
        ConsumerConfiguration consumer = ConsumerConfiguration.builder().durable(trigger.durable())
                .ackPolicy(AckPolicy.Explicit).ackWait(ackWait).maxDeliver(-1).deliverPolicy(DeliverPolicy.All)
                .filterSubject(trigger.subject()).maxAckPending(Math.max(1000, trigger.concurrency() * 2)).build();
        var subscription = jetStream.subscribe(trigger.subject(),
                PullSubscribeOptions.builder().stream(trigger.stream()).configuration(consumer).build());
        SubjectConsumer consumerLoop = new SubjectConsumer(key, trigger, subscription, management, delivery, stats);
        Thread thread = new Thread(consumerLoop, "nats-trigger-" + key);
        thread.setDaemon(true);
        thread.start();
        running.put(key, consumerLoop);
        stats.declare(key, SubjectConsumer.KIND, trigger.subject() + " (stream " + trigger.stream() + ")");
        LOG.info("NATS trigger of {}: subject '{}' from stream {}", key, trigger.subject(), trigger.stream());
    }

    private String streamFor(String subject) throws IOException, JetStreamApiException {
        List<String> existing = management.getStreamNames(subject);
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        String name = "FAAS_EVENTS_" + Integer.toHexString(subject.hashCode()).toUpperCase(java.util.Locale.ROOT);
        management.addStream(StreamConfiguration.builder().name(name).subjects(subject)
                .storageType(StorageType.File).build());
        return name;
    }

    @PreDestroy
    synchronized void stop() throws InterruptedException {
        timer.shutdownNow();
        running.values().forEach(SubjectConsumer::stop);
        running.clear();
        connection.close();
    }
}
