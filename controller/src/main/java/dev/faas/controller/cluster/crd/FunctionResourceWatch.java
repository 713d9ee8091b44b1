package dev.faas.controller.cluster.crd;

import dev.faas.controller.api.DeploymentRequest;
import dev.faas.controller.api.DeploymentValidator;
import dev.faas.controller.api.FunctionDeployer;
import dev.faas.controller.cluster.ClusterBackend;
import dev.faas.controller.cluster.ClusterCall;
import dev.faas.controller.cluster.ClusterNamespaces;
import dev.faas.controller.cluster.ObjectChanges;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionNotFoundException;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.runtime.RuntimeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Deploys {@code Function} resources the way the API deploys a body: the same validation, the same deployer,
 * then writes the outcome to the resource's status. A resource is acted on when its generation differs from the
 * one its status records; deleting it removes the function.
 */
@Singleton
@Requires(bean = ClusterBackend.class)
@Requires(property = "faas.kubernetes.function-resources", notEquals = "false")
public class FunctionResourceWatch implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionResourceWatch.class);

    private final KubernetesClient client;
    private final ClusterNamespaces namespaces;
    private final DeploymentValidator validator;
    private final FunctionDeployer deployer;
    private final FunctionRuntime runtime;
    private final List<SharedIndexInformer<FunctionResource>> informers = new ArrayList<>();
    // One at a time, in the order the watch saw them: a later version of a resource never overtakes an earlier.
    private final ExecutorService work = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "faas-function-resources");
        t.setDaemon(true);
        return t;
    });

    public FunctionResourceWatch(KubernetesClient client, ClusterNamespaces namespaces, DeploymentValidator validator,
                                 FunctionDeployer deployer, FunctionRuntime runtime) {
        this.client = client;
        this.namespaces = namespaces;
        this.validator = validator;
        this.deployer = deployer;
        this.runtime = runtime;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        for (String ns : namespaces.served()) {
            informers.add(ClusterCall.run("list and watch Function resources in namespace '" + ns + "'",
                    () -> client.resources(FunctionResource.class).inNamespace(ns).inform(
                            ObjectChanges.to(this::changed, fn -> work.execute(() -> remove(fn))), 0)));
        }
    }

    private void changed(FunctionResource fn) {
        Long generation = fn.getMetadata().getGeneration();
        if (fn.getStatus() != null && Objects.equals(fn.getStatus().observedGeneration(), generation)) {
            return; // already acted on (our own status write comes back here too)
        }
        work.execute(() -> apply(fn));
    }

    private void apply(FunctionResource fn) {
        String name = fn.getMetadata().getName();
        String ns = fn.getMetadata().getNamespace();
        FunctionResourceSpec s = fn.getSpec();
        FunctionSpec spec;
        try {
            if (s == null) {
                throw new InvalidFunctionException("Function '" + name + "' has no spec: give at least spec.image");
            }
            spec = validator.toSpec(new DeploymentRequest(name, s.image(), namespaces.functionNamespace(ns),
                    s.envProcess(), s.envVars(), s.constraints(), s.secrets(), s.labels(), s.annotations(), s.limits(),
                    s.requests(), s.readOnlyRootFilesystem()));
            deployer.deploy(spec).join();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String reason = cause instanceof InvalidFunctionException ? "Invalid" : "DeployFailed";
            LOG.warn("Function resource '{}' in namespace '{}' was not deployed: {}", name, ns, cause.getMessage());
            writeStatus(fn, null, "False", reason, cause.getMessage());
            return;
        }
        writeStatus(fn, spec.key(), "True", "Deployed", "image " + spec.image() + " deployed");
    }

    private void writeStatus(FunctionResource fn, FunctionKey key, String ready, String reason, String message) {
        RuntimeStatus running = key == null ? null : runtime.status(key);
        FunctionResourceStatus status = new FunctionResourceStatus(fn.getMetadata().getGeneration(),
                fn.getSpec() == null ? null : fn.getSpec().image(),
                running == null ? null : running.replicas(), running == null ? null : running.availableReplicas(),
                List.of(new FunctionResourceStatus.Condition("Ready", ready, reason, message,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())));
        String ns = fn.getMetadata().getNamespace();
        try {
            ClusterCall.run("write the status of Function '" + fn.getMetadata().getName() + "' in namespace '" + ns + "'",
                    () -> client.resources(FunctionResource.class).inNamespace(ns).withName(fn.getMetadata().getName())
                            .editStatus(current -> {
                                current.setStatus(status);
                                return current;
                            }));
        } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    private void remove(FunctionResource fn) {
        FunctionKey key = new FunctionKey(namespaces.functionNamespace(fn.getMetadata().getNamespace()),
                fn.getMetadata().getName());
        try {
            deployer.remove(key).join();
            LOG.info("Function resource {} deleted: function removed", key);
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (!(cause instanceof FunctionNotFoundException)) {
                LOG.warn("removing {} after its Function resource was deleted failed: {}", key, cause.getMessage());
            }
        }
    }

    @PreDestroy
    void close() {
        informers.forEach(SharedIndexInformer::close);
        work.shutdownNow();
    }
}
