package dev.faas.controller.reconciler;

import dev.faas.controller.backend.Backend;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.function.FunctionStore;
import dev.faas.controller.instance.ReadinessProbe;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** On start-up, hands the stored specs and the instances still running from an earlier run to the reconciler. */
@Singleton
@Requires(bean = Backend.class)
public class StartupReconciliation implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReconciliation.class);

    private final FunctionStore store;
    private final Backend backend;
    private final ReadinessProbe probe;
    private final FunctionReconciler reconciler;
    private final ApplicationEventPublisher<StartupReconciled> reconciled;

    public StartupReconciliation(FunctionStore store, Backend backend, ReadinessProbe probe,
                                 FunctionReconciler reconciler, ApplicationEventPublisher<StartupReconciled> reconciled) {
        this.store = store;
        this.backend = backend;
        this.probe = probe;
        this.reconciler = reconciler;
        this.reconciled = reconciled;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        List<InstanceHandle> discovered = backend.discover();
        List<CompletableFuture<FunctionReconciler.Adoptable>> checks = discovered.stream()
                .map(h -> probe.isHealthy(h).thenApply(ok -> new FunctionReconciler.Adoptable(h, ok)))
                .toList();
        List<FunctionReconciler.Adoptable> adoptable = checks.stream().map(c -> {
            try {
                return c.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                return null;
            }
        }).filter(a -> a != null).toList();
        if (!discovered.isEmpty()) {
            LOG.info("found {} instances from an earlier run", discovered.size());
        }
        reconciler.reconcileAtStartup(store.list(), adoptable);
        reconciled.publishEvent(new StartupReconciled());
    }
}
