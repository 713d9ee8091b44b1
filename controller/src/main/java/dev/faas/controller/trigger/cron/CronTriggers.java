package dev.faas.controller.trigger.cron;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.async.AsyncCall;
import dev.faas.controller.async.AsyncCalls;
import dev.faas.controller.async.CallIds;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import dev.faas.controller.trigger.EventRequest;
import dev.faas.controller.trigger.TriggerStats;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fires the cron triggers of deployed functions: every 100 ms it reads the function store (so a removed function
 * stops at the next tick and a new schedule starts), and queues each due run as an asynchronous call carrying a
 * CloudEvent {@code dev.faas.cron.tick} (retries and dead letters as for any async call).
 *
 * <p>Missed-run policy: runs are never made up. Times that passed while the controller was down are skipped, and
 * a run whose time passed more than {@code faas.cron.missed-tolerance} (default 5s) before a tick (a suspended
 * machine, a long pause) is skipped and counted as failed; within the tolerance a late run still fires, once.
 */
@Context
public class CronTriggers {
    /** The trigger kind in status, metrics and {@code AsyncCall.source}. */
    public static final String KIND = "cron";
    private static final Logger LOG = LoggerFactory.getLogger(CronTriggers.class);

    private final FunctionStore functions;
    private final AsyncCalls calls;
    private final CallIds ids;
    private final TriggerStats stats;
    private final ObjectMapper json;
    private final Duration missedTolerance;
    private final Map<FunctionKey, Armed> armed = new HashMap<>();
    private final Set<FunctionKey> invalid = new HashSet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cron-triggers");
        thread.setDaemon(true);
        return thread;
    });

    public CronTriggers(FunctionStore functions, AsyncCalls calls, CallIds ids, TriggerStats stats,
                        ObjectMapper json, @Value("${faas.cron.missed-tolerance:5s}") Duration missedTolerance) {
        this.functions = functions;
        this.calls = calls;
        this.ids = ids;
        this.stats = stats;
        this.json = json;
        this.missedTolerance = missedTolerance;
        timer.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            Instant now = Instant.now();
            syncWithStore(now);
            armed.forEach((key, entry) -> fireDue(key, entry, now));
        } catch (RuntimeException e) {
            LOG.error("Cron tick failed: {}", e.getMessage(), e);
        }
    }

    private void syncWithStore(Instant now) {
        Map<FunctionKey, CronSchedule> wanted = new HashMap<>();
        for (FunctionSpec spec : functions.list()) {
            try {
                CronSchedule.of(spec).ifPresent(schedule -> wanted.put(spec.key(), schedule));
            } catch (RuntimeException e) {
                // Deploys are validated; a spec stored before this check existed is left alone, said once.
                if (invalid.add(spec.key())) {
                    LOG.warn("Ignoring the schedule of {}: {}", spec.key(), e.getMessage());
                }
            }
        }
        armed.keySet().removeIf(key -> {
            boolean gone = !wanted.containsKey(key);
            if (gone) {
                stats.forget(key, KIND);
                LOG.info("Cron trigger of {} stopped", key);
            }
            return gone;
        });
        wanted.forEach((key, schedule) -> {
            Armed current = armed.get(key);
            if (current == null || !current.sameAs(schedule)) {
                armed.put(key, new Armed(schedule, schedule.next(now)));
                stats.declare(key, KIND, schedule.expression() + " (" + schedule.zone() + ")");
                LOG.info("Cron trigger of {}: '{}' in {}, first run at {}", key, schedule.expression(),
                        schedule.zone(), armed.get(key).next);
            }
        });
    }

    private void fireDue(FunctionKey key, Armed entry, Instant now) {
        while (!entry.next.toInstant().isAfter(now)) {
            ZonedDateTime due = entry.next;
            if (Duration.between(due.toInstant(), now).compareTo(missedTolerance) > 0) {
                stats.failed(key, KIND, "run due at " + due + " was missed (the controller was "
                        + Duration.between(due.toInstant(), now).toMillis() + " ms late) and skipped");
            } else {
                fire(key, entry.schedule, due);
            }
            entry.next = entry.schedule.next(due.toInstant());
        }
    }

    private void fire(FunctionKey key, CronSchedule schedule, ZonedDateTime due) {
        String callId = ids.next();
        byte[] data;
        try {
            data = json.writeValueAsBytes(Map.of("schedule", schedule.expression().toString(),
                    "timezone", schedule.zone().getId(), "scheduledTime", due.toOffsetDateTime().toString()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        EventRequest request = EventRequest.of(CloudEventBuilder.v1()
                .withId(callId)
                .withSource(URI.create("/faas/cron/" + key.namespace() + "/" + key.name()))
                .withType("dev.faas.cron.tick")
                .withSubject(key.name())
                .withTime(due.toOffsetDateTime())
                .withDataContentType("application/json")
                .withData(data)
                .build());
        calls.submit(new AsyncCall(callId, key.namespace(), key.name(), "POST", "", request.headers(),
                request.body(), null, KIND, Instant.now())).join();
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** A schedule and its next fire time; only the timer thread touches it. */
    private static final class Armed {
        final CronSchedule schedule;
        ZonedDateTime next;

        Armed(CronSchedule schedule, ZonedDateTime next) {
            this.schedule = schedule;
            this.next = next;
        }

        boolean sameAs(CronSchedule other) {
            return schedule.expression().toString().equals(other.expression().toString())
                    && schedule.zone().equals(other.zone());
        }
    }
}
