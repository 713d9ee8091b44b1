package dev.faas.controller.backend.docker;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.faas.controller.api.ResourceQuantity;
import dev.faas.controller.backend.InstanceSpec;
import dev.faas.controller.backend.SecretVolume;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an instance's container is made: the function contract's environment and a hardened host config —
 * memory (no swap), CPU and pids limits, read-only root with a small {@code /tmp}, no new privileges, no
 * capabilities, a non-root user, port 8080 published on loopback only, secrets mounted read-only.
 */
public final class ContainerConfig {
    /** The port every instance listens on inside its container. */
    public static final int CONTAINER_PORT = 8080;
    public static final ExposedPort EXPOSED = ExposedPort.tcp(CONTAINER_PORT);
    /** Small, but enough for a JVM's perf data and temporary files. */
    private static final String TMPFS_OPTIONS = "rw,nosuid,nodev,size=64m";

    private final DockerSettings settings;

    public ContainerConfig(DockerSettings settings) {
        this.settings = settings;
    }

    /**
     * The environment of the function contract plus the spec's own variables; never secret values. {@code port}
     * is where the instance listens: 8080 in its own network, a free loopback port in the host's.
     */
    public List<String> env(InstanceSpec spec, int port) {
        Map<String, String> env = new LinkedHashMap<>(spec.envVars());
        env.put("PORT", Integer.toString(port));
        if (settings.network() == ContainerNetwork.HOST) {
            env.put("FAAS_BIND", "127.0.0.1"); // the host's network: listen on its loopback only
        }
        env.putAll(functionEnv(spec));
        List<String> list = new ArrayList<>();
        env.forEach((k, v) -> list.add(k + "=" + v));
        return list;
    }

    /** The function contract's variables that name the function (what a generic container is specialized with). */
    public Map<String, String> functionEnv(InstanceSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FAAS_FUNCTION_NAME", spec.function().name());
        env.put("FAAS_FUNCTION_NAMESPACE", spec.function().namespace());
        env.put("FAAS_GATEWAY", settings.gatewayUrl());
        env.put("FAAS_DRAIN_SECONDS", Integer.toString(settings.drainSeconds()));
        if (spec.envProcess() != null && !spec.envProcess().isBlank()) {
            env.put("fprocess", spec.envProcess()); // what OpenFaaS watchdogs run
        }
        return env;
    }

    /** The limits and hardening of the instance's container; its secrets directory is mounted read-only. */
    public HostConfig hostConfig(InstanceSpec spec, Path secretsDir, Bind... extraBinds) {
        long memory = memoryBytes(spec);
        HostConfig host = HostConfig.newHostConfig()
                .withMemory(memory)
                .withMemorySwap(memory) // equal to memory: no swap, so exceeding the limit is an OOM kill
                .withPidsLimit(settings.pidsLimit())
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", TMPFS_OPTIONS))
                .withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(Capability.ALL)
                .withBinds(binds(secretsDir, extraBinds).toArray(Bind[]::new));
        if (settings.network() == ContainerNetwork.HOST) {
            host.withNetworkMode("host");
        } else {
            host.withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), EXPOSED));
        }
        if (spec.limits() != null && spec.limits().cpu() != null) {
            host.withNanoCPUs(ResourceQuantity.cpuMillis("limits.cpu", spec.limits().cpu()) * 1_000_000L);
        }
        return host;
    }

    /** The memory limit of the spec's containers: {@code limits.memory}, else the default. */
    public long memoryBytes(InstanceSpec spec) {
        String memoryText = spec.limits() != null && spec.limits().memory() != null
                ? spec.limits().memory() : settings.defaultMemory();
        return ResourceQuantity.memoryBytes("limits.memory", memoryText);
    }

    private static List<Bind> binds(Path secretsDir, Bind... extra) {
        List<Bind> binds = new ArrayList<>();
        binds.add(new Bind(secretsDir.toString(), new Volume(SecretVolume.CONTAINER_PATH), AccessMode.ro));
        binds.addAll(List.of(extra));
        return binds;
    }

    /** The image's own user, unless it names none or root: then the configured non-root user. */
    public String user(String imageUser) {
        if (imageUser == null || imageUser.isBlank()) {
            return settings.user();
        }
        String name = imageUser.split(":", 2)[0];
        return name.equals("root") || name.equals("0") ? settings.user() : imageUser;
    }
}
