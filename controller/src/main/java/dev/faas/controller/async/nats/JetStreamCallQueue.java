package dev.faas.controller.async.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.async.AsyncCall;
import dev.faas.controller.async.CallQueue;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The distributed queue ({@code faas.async.queue: nats}): calls are published to a JetStream work-queue stream
 * (file storage) and taken by a durable pull consumer shared by every controller, so several controllers can
 * share one queue. A publish returns once JetStream has stored the call; a call is acknowledged after it ran and
 * redelivered after {@code faas.async.nats.ack-wait} when its controller died; retries use NAK with a delay.
 */
@Singleton
@Named("nats")
@Requires(property = "faas.async.queue", value = "nats")
public class JetStreamCallQueue implements CallQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamCallQueue.class);
    private static final String SUBJECT_SUFFIX = ".calls";
    private static final String CONSUMER = "faas-async-workers";

    private final ObjectMapper json;
    private final Connection connection;
    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final JetStreamSubscription subscription;
    private final String stream;
    private final String subject;

    public JetStreamCallQueue(ObjectMapper json,
                              @Value("${faas.async.nats.url:`nats://127.0.0.1:4222`}") String url,
                              @Value("${faas.async.nats.stream:FAAS_ASYNC}") String stream,
                              @Value("${faas.async.nats.ack-wait:6m}") Duration ackWait) {
        this.json = json;
        this.stream = stream;
        this.subject = stream.toLowerCase(java.util.Locale.ROOT) + SUBJECT_SUFFIX;
        try {
            this.connection = Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5))
                    .maxReconnects(-1).build());
            this.management = connection.jetStreamManagement();
            ensureStream();
            this.jetStream = connection.jetStream();
            ConsumerConfiguration consumer = ConsumerConfiguration.builder().durable(CONSUMER)
                    .ackPolicy(AckPolicy.Explicit).ackWait(ackWait).maxDeliver(-1).filterSubject(subject).build();
            this.subscription = jetStream.subscribe(subject,
                    PullSubscribeOptions.builder().stream(stream).configuration(consumer).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach NATS at " + url + " for the async queue (faas.async.nats.url): "
                    + e.getMessage() + "; start nats-server -js or set faas.async.queue: embedded", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS at " + url, e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException("JetStream at " + url + " refused the async queue's stream or consumer: "
                    + e.getMessage() + " (is JetStream on? start nats-server with -js)", e);
        }
        LOG.info("Async queue: JetStream stream {} (subject {}) at {}", stream, subject, url);
    }

    private void ensureStream() throws IOException, JetStreamApiException {
        try {
            management.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            // A work queue keeps a call until it is acknowledged, then forgets it.
            management.addStream(StreamConfiguration.builder().name(stream).subjects(subject)
                    .storageType(StorageType.File).retentionPolicy(RetentionPolicy.WorkQueue).build());
        }
    }

    @Override
    public CompletableFuture<Void> enqueue(AsyncCall call) {
        byte[] data;
        try {
            data = json.writeValueAsBytes(call);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException("cannot encode async call " + call.id()
                    + ": " + e.getMessage(), e));
        }
        // An asynchronous publish: calls arriving together are in flight to JetStream at once and their acks come
        // back together, instead of one request-reply round trip per call. The message id lets JetStream drop a
        // duplicate publish of the same call.
        return jetStream.publishAsync(subject, null, data, PublishOptions.builder().messageId(call.id()).build())
                .<Void>handle((ack, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        throw new IllegalStateException("JetStream did not store async call " + call.id() + ": "
                                + cause.getMessage(), cause);
                    }
                    if (ack.hasError()) {
                        throw new IllegalStateException("JetStream refused async call " + call.id() + ": "
                                + ack.getError());
                    }
                    return null;
                });
    }

    @Override
    public Optional<Delivery> poll(Duration wait) throws InterruptedException {
        List<Message> messages;
        // One pull at a time on the shared subscription; the workers take turns.
        synchronized (subscription) {
            messages = subscription.fetch(1, wait);
        }
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        Message message = messages.get(0);
        try {
            return Optional.of(new MessageDelivery(json.readValue(message.getData(), AsyncCall.class), message));
        } catch (IOException e) {
            LOG.error("Dropping an unreadable async call from JetStream (stream sequence {}): {}",
                    message.metaData().streamSequence(), e.getMessage());
            message.term();
            return Optional.empty();
        }
    }

    @Override
    public long depth() {
        try {
            ConsumerInfo info = management.getConsumerInfo(stream, CONSUMER);
            return info.getNumPending() + info.getNumAckPending();
        } catch (IOException | JetStreamApiException e) {
            return -1;
        }
    }

    @Override
    public String kind() {
        return "nats";
    }

    @PreDestroy
    @Override
    public void close() throws InterruptedException {
        connection.close();
    }

    /** A JetStream message: ack removes it from the work queue, a retry is a NAK with a delay. */
    private record MessageDelivery(AsyncCall call, Message message) implements Delivery {
        @Override
        public void ack() {
            try {
                message.ackSync(Duration.ofSeconds(5));
            } catch (Exception e) {
                throw new IllegalStateException("JetStream did not confirm the ack of " + call.id()
                        + " (it may run again): " + e.getMessage(), e);
            }
        }

        @Override
        public void retryAfter(Duration delay) {
            message.nakWithDelay(delay);
        }
    }
}
