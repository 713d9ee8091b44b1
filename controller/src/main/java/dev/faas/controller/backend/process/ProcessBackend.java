package dev.faas.controller.backend.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.backend.Backend;
import dev.faas.controller.backend.GenericInstances;
import dev.faas.controller.backend.ResidentMemory;
import dev.faas.controller.backend.InstanceExit;
import dev.faas.controller.backend.InstanceHandle;
import dev.faas.controller.backend.InstanceSpec;
import dev.faas.controller.backend.LoopbackPorts;
import dev.faas.controller.backend.SecretVolume;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.InvalidFunctionException;
import dev.faas.controller.logs.FileInstanceLog;
import dev.faas.controller.logs.InstanceLog;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs each instance as a child JVM on a free loopback port. Output goes to {@code <state>/instances/<id>.log}
 * and a record file beside it lets the next controller adopt the process after a hard restart. Its secrets are
 * files in a private directory named by {@code FAAS_SECRETS_DIR}, removed when the instance ends.
 */
@Singleton
@Requires(property = "faas.backend", value = "process", defaultValue = "process")
public class ProcessBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessBackend.class);
    /** Environment passed through from the controller; nothing else is, so its secrets stay with it. */
    private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG");

    private final ArtifactResolver artifacts;
    private final ProcessLaunchSettings settings;
    private final ObjectMapper json;
    private final SecretVolume secretVolume;
    private final ClassDataCache classData;
    private final FunctionClassData functionClassData;
    private final Map<String, CompletableFuture<InstanceExit>> exits = new ConcurrentHashMap<>();
    private final Map<String, ProcessHandle> processes = new ConcurrentHashMap<>();

    public ProcessBackend(ArtifactResolver artifacts, ProcessLaunchSettings settings, ObjectMapper json,
                          ClassDataCache classData, FunctionClassData functionClassData) {
        this.classData = classData;
        this.functionClassData = functionClassData;
        this.artifacts = artifacts;
        this.settings = settings;
        this.json = json;
        this.secretVolume = new SecretVolume(settings.secretMountsDir());
    }

    @Override
    public void requireRunnable(String image) {
        artifactDir(image);
    }

    @Override
    public InstanceHandle start(InstanceSpec spec) {
        Path artifactDir = artifactDir(spec.image());
        List<String> jvmFlags = new ArrayList<>();
        HeapLimit.xmxFlag(spec.limits() == null ? null : spec.limits().memory()).ifPresent(jvmFlags::add);
        int port = LoopbackPorts.free();
        Map<String, String> env = baseEnvironment(port);
        try {
            env.putAll(functionEnvironment(spec, spec.instanceId(), artifactDir));
            jvmFlags.addAll(0, functionClassData.flags(spec.image(), artifactDir, env));
            return launch(spec.instanceId(), spec.function(), spec.image(), jvmFlags, env, port, artifactDir);
        } catch (IOException e) {
            deleteSecretsQuietly(spec.instanceId());
            throw new UncheckedIOException("could not start an instance of " + spec.function() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean supportsPools() {
        return true;
    }

    @Override
    public InstanceHandle startGeneric(String instanceId, String token) {
        int port = LoopbackPorts.free();
        Map<String, String> env = baseEnvironment(port);
        env.put(GenericInstances.TOKEN_VARIABLE, token);
        try {
            Files.createDirectories(settings.instancesDir());
            return launch(instanceId, GenericInstances.POOL_KEY, GenericInstances.IMAGE, classData.flags(), env, port,
                    settings.instancesDir());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a generic instance for the pool: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<InstanceHandle> specializedHandle(InstanceHandle generic, InstanceSpec spec) {
        if (HeapLimit.xmxFlag(spec.limits() == null ? null : spec.limits().memory()).isPresent()) {
            return Optional.empty(); // its -Xmx can only be set when a JVM starts
        }
        return Optional.of(new InstanceHandle(generic.instanceId(), spec.function(), spec.image(), generic.url(),
                generic.pid(), generic.startedAt(), generic.logFile()));
    }

    @Override
    public Map<String, String> deliverSpecialization(InstanceHandle specialized, InstanceSpec spec) {
        String id = specialized.instanceId();
        try {
            Map<String, String> env = functionEnvironment(spec, id, artifactDir(spec.image()));
            // From now on a restarted controller adopts it as the function's instance, not as a generic one.
            writeRecord(specialized, specialized.url().getPort());
            return env;
        } catch (IOException e) {
            deleteSecretsQuietly(id);
            throw new UncheckedIOException("could not hand instance " + id + " to " + spec.function() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public long residentBytes(InstanceHandle instance) {
        return ResidentMemory.of(instance.pid());
    }

    /** What every instance gets, generic or not: the inherited basics, its port, the gateway, the drain time. */
    private Map<String, String> baseEnvironment(int port) {
        Map<String, String> env = new HashMap<>();
        for (String name : INHERITED_ENV) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("PORT", Integer.toString(port));
        env.put("FAAS_GATEWAY", settings.gatewayUrl());
        env.put("FAAS_DRAIN_SECONDS", Integer.toString(settings.drainSeconds()));
        return env;
    }

    /** What makes an instance the function's: its variables, name, artifact and secrets directory. */
    private Map<String, String> functionEnvironment(InstanceSpec spec, String instanceId, Path artifactDir) {
        Map<String, String> env = new HashMap<>(spec.envVars());
        env.remove("PORT"); // the instance's port is the platform's choice
        env.put("FAAS_FUNCTION_NAME", spec.function().name());
        env.put("FAAS_FUNCTION_NAMESPACE", spec.function().namespace());
        env.put("FAAS_FUNCTION_PATH", artifactDir.toString());
        env.put("FAAS_GATEWAY", settings.gatewayUrl());
        env.put("FAAS_DRAIN_SECONDS", Integer.toString(settings.drainSeconds()));
        if (spec.envProcess() != null && !spec.envProcess().isBlank()) {
            env.put("fprocess", spec.envProcess());
        }
        // The directory, never the values: environment variables leak into child processes and crash dumps.
        env.put("FAAS_SECRETS_DIR", secretVolume.write(instanceId, spec.secrets()).toString());
        return env;
    }

    private InstanceHandle launch(String instanceId, FunctionKey function, String image, List<String> jvmFlags,
                                  Map<String, String> env, int port, Path workDir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(settings.command(jvmFlags));
        builder.environment().clear();
        builder.environment().putAll(env);
        Path logFile = settings.instancesDir().resolve(instanceId + ".log");
        Files.createDirectories(settings.instancesDir());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.directory(workDir.toFile());
        Process process = builder.start();
        Instant startedAt = Instant.now();
        InstanceHandle handle = new InstanceHandle(instanceId, function, image,
                URI.create("http://127.0.0.1:" + port), process.pid(), startedAt, logFile);
        writeRecord(handle, port);
        processes.put(handle.instanceId(), process.toHandle());
        watch(handle, process.onExit().thenApply(p -> InstanceExit.withCode(p.exitValue())));
        LOG.info("started instance {} of {} (pid {}, port {})", handle.instanceId(), function, process.pid(), port);
        return handle;
    }

    @Override
    public CompletableFuture<InstanceExit> onExit(InstanceHandle instance) {
        CompletableFuture<InstanceExit> exit = exits.get(instance.instanceId());
        return exit != null ? exit : CompletableFuture.completedFuture(new InstanceExit(null, "not running"));
    }

    @Override
    public CompletableFuture<Void> stop(InstanceHandle instance, Duration grace) {
        ProcessHandle process = processes.get(instance.instanceId());
        if (process == null || !process.isAlive()) {
            return CompletableFuture.completedFuture(null);
        }
        process.destroy();
        return process.onExit()
                .orTimeout(grace.toMillis(), TimeUnit.MILLISECONDS)
                .handle((p, timeout) -> {
                    if (timeout != null) {
                        LOG.warn("instance {} did not stop within {}; killing it", instance.instanceId(), grace);
                        process.destroyForcibly();
                    }
                    return null;
                })
                .thenCompose(x -> onExit(instance).thenApply(e -> (Void) null));
    }

    @Override
    public List<InstanceHandle> discover() {
        List<InstanceHandle> found = new ArrayList<>();
        if (!Files.isDirectory(settings.instancesDir())) {
            return found;
        }
        try (Stream<Path> files = Files.list(settings.instancesDir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                readRecord(file).ifPresent(found::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + settings.instancesDir(), e);
        }
        deleteOrphanedSecrets(found);
        return found;
    }

    @Override
    public InstanceLog logs(InstanceHandle instance) {
        return new FileInstanceLog(instance.logFile(), instance.startedAt());
    }

    private Optional<InstanceHandle> readRecord(Path file) {
        InstanceRecord record;
        try {
            record = json.readValue(file.toFile(), InstanceRecord.class);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable instance record {}: {}", file, e.getMessage());
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(record.pid()).filter(p -> isSameJavaProcess(p, record));
        if (process.isEmpty()) {
            deleteQuietly(file);
            return Optional.empty();
        }
        InstanceHandle handle = new InstanceHandle(record.instanceId(),
                new FunctionKey(record.namespace(), record.name()), record.image(),
                URI.create("http://127.0.0.1:" + record.port()), record.pid(),
                Instant.ofEpochMilli(record.startedAtMs()),
                settings.instancesDir().resolve(record.instanceId() + ".log"));
        processes.put(handle.instanceId(), process.get());
        watch(handle, process.get().onExit().thenApply(p -> InstanceExit.codeUnknown()));
        return Optional.of(handle);
    }

    /** Guards against pid reuse: the process must be a JVM started when the record says. */
    private static boolean isSameJavaProcess(ProcessHandle process, InstanceRecord record) {
        if (!process.isAlive()) {
            return false;
        }
        ProcessHandle.Info info = process.info();
        boolean java = info.command().map(c -> Path.of(c).getFileName().toString().startsWith("java")).orElse(false);
        boolean sameStart = info.startInstant()
                .map(s -> Math.abs(s.toEpochMilli() - record.startedAtMs()) < 10_000)
                .orElse(true);
        return java && sameStart;
    }

    private void watch(InstanceHandle handle, CompletableFuture<InstanceExit> exit) {
        CompletableFuture<InstanceExit> tracked = exit.whenComplete((e, err) -> {
            processes.remove(handle.instanceId());
            deleteQuietly(recordFile(handle.instanceId()));
            deleteSecretsQuietly(handle.instanceId());
        });
        exits.put(handle.instanceId(), tracked);
        tracked.whenComplete((e, err) -> exits.remove(handle.instanceId(), tracked));
    }

    private Path artifactDir(String image) {
        return artifacts.artifactFor(image).orElseThrow(() -> new InvalidFunctionException(
                "the process backend runs only images built by this controller ('faas.local/...'); '" + image
                        + "' is not one (or its build is gone) — build it with POST /system/builds, or use a"
                        + " container backend"));
    }

    private void writeRecord(InstanceHandle handle, int port) throws IOException {
        InstanceRecord record = new InstanceRecord(handle.instanceId(), handle.function().namespace(),
                handle.function().name(), handle.image(), handle.pid(), port, handle.startedAt().toEpochMilli());
        Path file = recordFile(handle.instanceId());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        json.writeValue(tmp.toFile(), record);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private Path recordFile(String instanceId) {
        return settings.instancesDir().resolve(instanceId + ".json");
    }

    /** Secrets of instances that ended while no controller watched them must not stay on disk. */
    private void deleteOrphanedSecrets(List<InstanceHandle> alive) {
        Path root = settings.secretMountsDir();
        if (!Files.isDirectory(root)) {
            return;
        }
        Set<String> keep = new HashSet<>(processes.keySet());
        alive.forEach(h -> keep.add(h.instanceId()));
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.map(d -> d.getFileName().toString()).filter(id -> !keep.contains(id)).forEach(this::deleteSecretsQuietly);
        } catch (IOException e) {
            LOG.warn("could not list {} to remove secrets of ended instances: {}", root, e.getMessage());
        }
    }

    private void deleteSecretsQuietly(String instanceId) {
        try {
            secretVolume.delete(instanceId);
        } catch (UncheckedIOException e) {
            LOG.warn("could not delete the secrets of instance {}: {}", instanceId, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", file, e.getMessage());
        }
    }
}
