package dev.faas.controller.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.faas.controller.backend.Backend;
import dev.faas.controller.backend.GenericInstances;
import dev.faas.controller.backend.ResidentMemory;
import dev.faas.controller.backend.process.ArtifactResolver;
import dev.faas.controller.image.GenericRuntimeImage;
import dev.faas.controller.backend.InstanceExit;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.backend.InstanceSpec;
import dev.faas.controller.backend.LoopbackPorts;
import dev.faas.controller.backend.SecretVolume;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.logs.InstanceLog;
import dev.faas.controller.logs.InstanceLogLine;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs each instance as a hardened container on the Docker engine (see {@link ContainerConfig}), labelled as
 * this controller's so that it is found again after a restart. Exits come from the engine's event stream: the
 * container is inspected (OOM kill or exit code), then removed with its secrets.
 */
@Singleton
@Requires(property = "faas.backend", value = "docker")
public class DockerBackend implements Backend {
    /** Where a generic container finds the function it is specialized with (a read-only bind mount). */
    static final String POOL_MOUNT = "/opt/faas/pool";
    private static final Logger LOG = LoggerFactory.getLogger(DockerBackend.class);
    /** Lines of a container's output kept after it is removed, for its failure message and logs. */
    private static final int LAST_WORDS = 20;
    private static final int LAST_WORDS_KEPT_FOR = 100;

    private final DockerClient docker;
    private final ContainerLabels labels;
    private final ContainerConfig config;
    private final EngineImages images;
    private final SecretVolume secrets;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final Map<String, List<InstanceLogLine>> lastWords = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<InstanceLogLine>> eldest) {
                    return size() > LAST_WORDS_KEPT_FOR;
                }
            });
    /** Engine calls that block (stopping waits out the grace period), so one thread each. */
    private final ExecutorService executor = Executors.newCachedThreadPool(daemon("faas-docker"));
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(daemon("faas-docker-events"));
    private final ContainerEvents events;
    private final ContainerNetwork network;
    /** Each image's configured user ("" for none), looked up once: starting an instance should not ask again. */
    private final Map<String, String> imageUsers = new ConcurrentHashMap<>();
    private final GenericRuntimeImage genericImage;
    private final ArtifactResolver artifacts;
    private final Path poolMounts;
    private final SpecializedContainers specialized;
    private final boolean pauseIdlePool;

    public DockerBackend(DockerClient docker, DockerSettings settings) {
        this(docker, settings, null, null);
    }

    /** With a prewarmed pool: generic containers run {@code genericImage}; artifacts come from {@code artifacts}. */
    @jakarta.inject.Inject
    public DockerBackend(DockerClient docker, DockerSettings settings, GenericRuntimeImage genericImage,
                         ArtifactResolver artifacts) {
        this.genericImage = genericImage;
        this.artifacts = artifacts;
        this.poolMounts = settings.poolMountsDir();
        this.specialized = new SpecializedContainers(poolMounts);
        this.pauseIdlePool = settings.pauseIdlePool();
        this.docker = docker;
        this.labels = new ContainerLabels(settings.controllerId());
        this.config = new ContainerConfig(settings);
        this.images = new EngineImages(docker, settings);
        this.secrets = new SecretVolume(settings.secretsDir());
        this.events = new ContainerEvents(docker, labels.ours(), this::onDie, this::recheckAll, retries);
        this.network = settings.network();
    }

    @PostConstruct
    void watchEvents() {
        events.start();
    }

    @Override
    public void requireRunnable(String image) {
        images.requireEngine();
        imageUsers.put(image, Objects.requireNonNullElse(images.requireImage(image), ""));
    }

    @Override
    public InstanceHandle start(InstanceSpec spec) {
        return create(spec);
    }

    private InstanceHandle create(InstanceSpec spec, Bind... extraBinds) {
        String id = spec.instanceId();
        String user = config.user(imageUsers.computeIfAbsent(spec.image(),
                image -> Objects.requireNonNullElse(images.requireImage(image), "")));
        boolean hostNetwork = network == ContainerNetwork.HOST;
        int port = hostNetwork ? LoopbackPorts.free() : ContainerConfig.CONTAINER_PORT;
        Path secretsDir = secrets.write(id, spec.secrets());
        try {
            CreateContainerCmd create = docker.createContainerCmd(spec.image())
                    .withName(labels.containerName(id))
                    .withLabels(labels.of(spec, port))
                    .withEnv(config.env(spec, port))
                    .withUser(user)
                    .withHostConfig(config.hostConfig(spec, secretsDir, extraBinds));
            if (!hostNetwork) {
                create.withExposedPorts(ContainerConfig.EXPOSED);
            }
            CreateContainerResponse created = create.exec();
            // Tracked before it starts, so that even an instant death is reported.
            Tracked t = new Tracked(created.getId());
            t.memory = config.memoryBytes(spec);
            tracked.put(id, t);
            docker.startContainerCmd(created.getId()).exec();
            // On a bridge the engine picks the host port: ask it. In the host's network the port is already known.
            URI url = URI.create("http://127.0.0.1:"
                    + (hostNetwork ? port : hostPort(docker.inspectContainerCmd(created.getId()).exec())));
            InstanceHandle handle = new InstanceHandle(id, spec.function(), spec.image(), url, 0, Instant.now(), null);
            LOG.info("started instance {} of {} (container {}, image {}, user {}, {})", id, spec.function(),
                    shortId(created.getId()), spec.image(), user, handle.url());
            return handle;
        } catch (RuntimeException e) {
            discard(id);
            if (e instanceof DockerException) {
                throw new IllegalStateException("the Docker engine could not start a container of image '"
                        + spec.image() + "' for " + spec.function() + ": " + e.getMessage().strip(), e);
            }
            throw images.unavailable(e);
        }
    }

    // ---- prewarmed pool: generic containers, paused while idle, handed a function through a mounted directory ----

    @Override
    public boolean supportsPools() {
        return genericImage != null && genericImage.available();
    }

    @Override
    public InstanceHandle startGeneric(String instanceId, String token) {
        String image = genericImage.reference();
        imageUsers.computeIfAbsent(image, i -> Objects.requireNonNullElse(images.requireImage(i), ""));
        Path mount = poolMount(instanceId);
        try {
            Files.createDirectories(mount);
            Files.setPosixFilePermissions(mount, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + mount + " for a generic container: " + e.getMessage(), e);
        }
        InstanceSpec generic = new InstanceSpec(instanceId, GenericInstances.POOL_KEY, image, null,
                Map.of(GenericInstances.TOKEN_VARIABLE, token), null, Map.of());
        return create(generic, new Bind(mount.toString(), new Volume(POOL_MOUNT), AccessMode.ro));
    }

    @Override
    public void park(InstanceHandle generic) {
        Tracked t = tracked.get(generic.instanceId());
        if (t != null && pauseIdlePool) {
            try {
                docker.pauseContainerCmd(t.containerId).exec(); // no CPU while idle; unpausing takes ~30 ms
                t.paused = true;
            } catch (RuntimeException e) {
                LOG.debug("could not pause generic container {}: {}", generic.instanceId(), e.getMessage());
            }
        }
    }

    @Override
    public Optional<InstanceHandle> specializedHandle(InstanceHandle generic, InstanceSpec spec) {
        boolean hasArtifact = artifacts != null && artifacts.artifactFor(spec.image()).isPresent();
        if (!hasArtifact || !tracked.containsKey(generic.instanceId())) {
            return Optional.empty(); // an image built elsewhere: only its own container can run it
        }
        return Optional.of(new InstanceHandle(generic.instanceId(), spec.function(), spec.image(), generic.url(), 0,
                generic.startedAt(), null));
    }

    @Override
    public Map<String, String> deliverSpecialization(InstanceHandle instance, InstanceSpec spec) {
        String id = instance.instanceId();
        Tracked t = tracked.get(id);
        Path artifact = artifacts.artifactFor(spec.image()).orElse(null);
        if (t == null || artifact == null) {
            throw new IllegalStateException("generic container " + id + " or the artifact of " + spec.function()
                    + " is gone");
        }
        long memory = config.memoryBytes(spec);
        // Engine calls take ~20-50 ms each: none when the container is running and already has the function's
        // memory limit (generic ones start with the default), else at once while files are copied.
        CompletableFuture<Void> unpaused = t.paused ? CompletableFuture.runAsync(() -> unpause(t), executor)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> limited = t.memory == memory ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> {
                    docker.updateContainerCmd(t.containerId).withMemory(memory).withMemorySwap(memory).exec();
                    t.memory = memory;
                }, executor);
        try {
            copyTree(artifact, poolMount(id).resolve("function"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deliver " + spec.function() + " to generic container " + id + ": "
                    + e.getMessage(), e);
        }
        secrets.add(id, spec.secrets());
        try {
            CompletableFuture.allOf(unpaused, limited).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        // From now on a restarted controller adopts it as the function's instance, not as a generic one.
        specialized.record(id, spec.function(), spec.image());
        Map<String, String> env = new LinkedHashMap<>(spec.envVars());
        env.remove("PORT");
        env.putAll(config.functionEnv(spec));
        env.put("FAAS_FUNCTION_PATH", POOL_MOUNT + "/function");
        return env;
    }

    @Override
    public long residentBytes(InstanceHandle instance) {
        Tracked t = tracked.get(instance.instanceId());
        if (t == null) {
            return -1;
        }
        try {
            Long pid = docker.inspectContainerCmd(t.containerId).exec().getState().getPidLong();
            return pid == null ? -1 : ResidentMemory.of(pid);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void unpause(Tracked t) {
        if (t.paused) {
            try {
                docker.unpauseContainerCmd(t.containerId).exec();
            } catch (RuntimeException e) {
                LOG.debug("could not unpause container {}: {}", shortId(t.containerId), e.getMessage());
            }
            t.paused = false;
        }
    }

    private Path poolMount(String instanceId) {
        return poolMounts.resolve(instanceId);
    }

    /** Copies the artifact so that the container's non-root user can read it (directories 755, files 644). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    private void deletePoolMountQuietly(String instanceId) {
        specialized.forget(instanceId);
        Path mount = poolMount(instanceId);
        if (!Files.exists(mount)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(mount)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", mount, e.getMessage());
        }
    }

    @Override
    public CompletableFuture<InstanceExit> onExit(InstanceHandle instance) {
        Tracked t = tracked.get(instance.instanceId());
        return t != null ? t.exit : CompletableFuture.completedFuture(new InstanceExit(null, "not running"));
    }

    @Override
    public CompletableFuture<Void> stop(InstanceHandle instance, Duration grace) {
        Tracked t = tracked.get(instance.instanceId());
        if (t == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture.runAsync(() -> {
            unpause(t); // a paused process cannot take its SIGTERM
            try {
                // The engine sends the image's stop signal (SIGTERM), then SIGKILL after the timeout.
                docker.stopContainerCmd(t.containerId).withTimeout((int) Math.max(1, grace.toSeconds())).exec();
            } catch (NotModifiedException | NotFoundException alreadyEnded) {
                // Nothing to stop; settling below records how it ended.
            } catch (RuntimeException e) {
                LOG.warn("could not stop instance {}: {}", instance.instanceId(), e.getMessage());
            }
            settle(instance.instanceId());
        }, executor);
        return t.exit.thenApply(exit -> null);
    }

    @Override
    public List<InstanceHandle> discover() {
        List<Container> containers;
        try {
            containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(labels.ours()).exec();
        } catch (RuntimeException e) {
            LOG.warn("cannot look for containers from an earlier run: {}", images.unavailable(e).getMessage());
            return List.of();
        }
        List<InstanceHandle> found = new ArrayList<>();
        for (Container c : containers) {
            Map<String, String> l = c.getLabels() == null ? Map.of() : c.getLabels();
            String instanceId = l.get(ContainerLabels.INSTANCE);
            Optional<FunctionKey> function = ContainerLabels.functionOf(l);
            String image = l.get(ContainerLabels.IMAGE);
            Optional<SpecializedContainers.Assignment> assigned = function.filter(GenericInstances.POOL_KEY::equals)
                    .flatMap(pool -> specialized.find(instanceId));
            if (assigned.isPresent()) {
                function = Optional.of(assigned.get().function());
                image = assigned.get().image();
            }
            Optional<Integer> port = network == ContainerNetwork.HOST ? labelledPort(l) : hostPort(c);
            if ("running".equals(c.getState()) && instanceId != null && function.isPresent() && port.isPresent()) {
                tracked.putIfAbsent(instanceId, new Tracked(c.getId()));
                found.add(new InstanceHandle(instanceId, function.get(), image,
                        URI.create("http://127.0.0.1:" + port.get()), 0,
                        Instant.ofEpochSecond(c.getCreated() == null ? 0 : c.getCreated()), null));
            } else {
                LOG.info("removing container {} left {} by an earlier run", shortId(c.getId()), c.getState());
                removeQuietly(c.getId());
                if (instanceId != null) {
                    deleteSecretsQuietly(instanceId);
                    deletePoolMountQuietly(instanceId);
                }
            }
        }
        return found;
    }

    @Override
    public InstanceLog logs(InstanceHandle instance) {
        return new ContainerLog(docker, labels.containerName(instance.instanceId()),
                () -> Optional.ofNullable(lastWords.get(instance.instanceId())));
    }

    private void onDie(Event event) {
        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of() : event.getActor().getAttributes();
        String instanceId = attributes.get(ContainerLabels.INSTANCE);
        if (instanceId != null) {
            executor.execute(() -> settle(instanceId));
        }
    }

    /** After a gap in the event stream: settles every tracked container that is no longer running. */
    private void recheckAll() {
        for (Map.Entry<String, Tracked> e : tracked.entrySet()) {
            try {
                Boolean running = docker.inspectContainerCmd(e.getValue().containerId).exec().getState().getRunning();
                if (!Boolean.TRUE.equals(running)) {
                    executor.execute(() -> settle(e.getKey()));
                }
            } catch (NotFoundException gone) {
                executor.execute(() -> settle(e.getKey()));
            } catch (RuntimeException ignored) {
                return; // the engine is away again; the next resubscription checks again
            }
        }
    }

    /** Once per container: how it ended, its last lines kept, then it and its secrets are removed. */
    private void settle(String instanceId) {
        Tracked t = tracked.get(instanceId);
        if (t == null || !t.settling.compareAndSet(false, true)) {
            return;
        }
        InstanceExit exit = exitOf(t.containerId);
        List<InstanceLogLine> last = List.of();
        try (ContainerLog log = new ContainerLog(docker, t.containerId, Optional::empty)) {
            last = List.copyOf(log.tail(LAST_WORDS));
        } catch (RuntimeException e) {
            LOG.debug("could not keep the last lines of {}: {}", instanceId, e.getMessage());
        }
        lastWords.put(instanceId, last); // from now on its logs are these lines, not the engine's
        removeQuietly(t.containerId);
        deleteSecretsQuietly(instanceId);
        deletePoolMountQuietly(instanceId);
        tracked.remove(instanceId, t);
        t.exit.complete(exit);
    }

    private InstanceExit exitOf(String containerId) {
        try {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId).exec().getState();
            Long code = state.getExitCodeLong();
            Integer exitCode = code == null ? null : code.intValue();
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                return new InstanceExit(exitCode, "was OOMKilled (exit code " + exitCode
                        + "): it used more memory than its limit; raise limits.memory or use less");
            }
            return exitCode == null ? new InstanceExit(null, "ended (exit code unknown)") : InstanceExit.withCode(exitCode);
        } catch (NotFoundException e) {
            return new InstanceExit(null, "was removed from the Docker engine by someone else");
        } catch (RuntimeException e) {
            return new InstanceExit(null, "ended, but the Docker engine could not say how (" + e.getMessage() + ")");
        }
    }

    private void discard(String instanceId) {
        tracked.remove(instanceId);
        removeQuietly(labels.containerName(instanceId));
        deleteSecretsQuietly(instanceId);
        deletePoolMountQuietly(instanceId);
    }

    private void removeQuietly(String container) {
        try {
            docker.removeContainerCmd(container).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // Already removed.
        } catch (RuntimeException e) {
            LOG.warn("could not remove container {}: {}", container, e.getMessage());
        }
    }

    private void deleteSecretsQuietly(String instanceId) {
        try {
            secrets.delete(instanceId);
        } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    private static int hostPort(InspectContainerResponse container) {
        Ports.Binding[] bindings = container.getNetworkSettings() == null ? null
                : container.getNetworkSettings().getPorts().getBindings().get(ContainerConfig.EXPOSED);
        if (bindings == null || bindings.length == 0) {
            // It died before the engine published the port; its exit is reported through the event stream.
            return 0;
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    private static Optional<Integer> hostPort(Container container) {
        return container.getPorts() == null ? Optional.empty() : Arrays.stream(container.getPorts())
                .filter(p -> p.getPrivatePort() != null && p.getPrivatePort() == ContainerConfig.CONTAINER_PORT)
                .map(ContainerPort::getPublicPort)
                .filter(p -> p != null && p > 0)
                .findFirst();
    }

    private static Optional<Integer> labelledPort(Map<String, String> labels) {
        try {
            return Optional.of(Integer.parseInt(labels.getOrDefault(ContainerLabels.PORT, "")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String shortId(String containerId) {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }

    @PreDestroy
    void close() {
        events.close();
        retries.shutdownNow();
        executor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** A container this backend started or adopted, and the future its exit completes. */
    private static final class Tracked {
        final String containerId;
        final CompletableFuture<InstanceExit> exit = new CompletableFuture<>();
        final AtomicBoolean settling = new AtomicBoolean();
        volatile boolean paused;
        /** Its memory limit in bytes, 0 when not known (a container found at start-up). */
        volatile long memory;

        Tracked(String containerId) {
            this.containerId = containerId;
        }
    }
}
