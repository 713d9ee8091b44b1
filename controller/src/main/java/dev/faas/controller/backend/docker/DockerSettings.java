package dev.faas.controller.backend.docker;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** The {@code faas.docker.*} settings, and this controller's stable id (which labels its containers). */
@Singleton
@Requires(property = "faas.backend", value = "docker")
public class DockerSettings {
    /** A non-root user and group (distroless' "nonroot"); set in code, a placeholder default cannot hold a colon. */
    static final String DEFAULT_USER = "65532:65532";

    private final String host;
    private final long pidsLimit;
    private final String user;
    private final String gatewayUrl;
    private final String defaultMemory;
    private final Duration pullTimeout;
    private final int drainSeconds;
    private final Path stateDir;
    private final String controllerId;
    private final ContainerNetwork network;
    private final boolean pauseIdlePool;

    public DockerSettings(@Value("${faas.docker.host:unix:///var/run/docker.sock}") String host,
                          @Value("${faas.docker.pids-limit:256}") long pidsLimit,
                          @Nullable @Value("${faas.docker.user:}") String user,
                          @Nullable @Value("${faas.docker.gateway-url:}") String gatewayUrl,
                          @Nullable @Value("${faas.gateway-url:}") String routerUrl,
                          @Value("${faas.docker.default-memory:256Mi}") String defaultMemory,
                          @Value("${faas.docker.pull-timeout:5m}") Duration pullTimeout,
                          @Value("${faas.runtime.drain-seconds:10}") int drainSeconds,
                          @Value("${faas.state-dir}") Path stateDir,
                          @Value("${faas.docker.network:bridge}") String network,
                          @Value("${faas.docker.pause-idle-pool:false}") boolean pauseIdlePool) {
        this.host = host;
        this.pidsLimit = pidsLimit;
        this.user = user == null || user.isBlank() ? DEFAULT_USER : user;
        this.gatewayUrl = gatewayUrl != null && !gatewayUrl.isBlank() ? gatewayUrl : routerUrl == null ? "" : routerUrl;
        this.defaultMemory = defaultMemory;
        this.pullTimeout = pullTimeout;
        this.drainSeconds = drainSeconds;
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.controllerId = idOf(this.stateDir);
        this.network = ContainerNetwork.of(network);
        this.pauseIdlePool = pauseIdlePool;
    }

    /** Where the engine listens ({@code unix:///var/run/docker.sock}, {@code tcp://host:2375}). */
    public String host() {
        return host;
    }

    /** The most processes one container may have. */
    public long pidsLimit() {
        return pidsLimit;
    }

    /** The user containers run as when their image names none or root. */
    public String user() {
        return user;
    }

    /** The router URL handed to functions as {@code FAAS_GATEWAY}. */
    public String gatewayUrl() {
        return gatewayUrl;
    }

    /** The memory limit of functions that set none. */
    public String defaultMemory() {
        return defaultMemory;
    }

    /**
     * Whether the pool's idle generic containers wait paused: no CPU at all while idle, but unpausing adds an engine
     * call (~30-50 ms here) to each cold start they serve. Off by default: an idle JVM takes next to no CPU.
     */
    public boolean pauseIdlePool() {
        return pauseIdlePool;
    }

    /** How long pulling a missing image may take. */
    public Duration pullTimeout() {
        return pullTimeout;
    }

    /** Seconds an instance may spend finishing in-flight calls after SIGTERM. */
    public int drainSeconds() {
        return drainSeconds;
    }

    /** Whether containers get their own network (bridge) or share the host's. */
    public ContainerNetwork network() {
        return network;
    }

    /** Where generic (pooled) containers get their function delivered, one directory each, mounted read-only. */
    public Path poolMountsDir() {
        return stateDir.resolve("pool-mounts");
    }

    /** Where instance secrets are written before they are mounted. */
    public Path secretsDir() {
        return stateDir.resolve("docker-secrets");
    }

    /**
     * Stable across restarts (a hash of the state directory), different for two controllers on one engine, so
     * neither adopts nor removes the other's containers.
     */
    public String controllerId() {
        return controllerId;
    }

    private static String idOf(Path stateDir) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(stateDir.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
