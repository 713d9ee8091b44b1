package dev.faas.controller.build;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** How builds run: the Maven executable, extra arguments, the time limit and the largest accepted archive. */
@Singleton
public class BuildSettings {
    private final String maven;
    private final List<String> extraArgs;
    private final Duration timeout;
    private final long maxArchiveBytes;

    public BuildSettings(@Value("${faas.build.maven:mvn}") String maven,
                         @Value("${faas.build.extra-args:}") String extraArgs,
                         @Value("${faas.build.timeout:10m}") Duration timeout,
                         @Value("${faas.build.max-archive-size:100MB}") @ReadableBytes long maxArchiveBytes) {
        this.maven = maven;
        this.extraArgs = extraArgs.isBlank() ? List.of() : Arrays.asList(extraArgs.trim().split("\\s+"));
        this.timeout = timeout;
        this.maxArchiveBytes = maxArchiveBytes;
    }

    /** The Maven executable (a path or a name on PATH). */
    public String maven() {
        return maven;
    }

    /** Arguments added before the goal, for example {@code -o} on machines without a network. */
    public List<String> extraArgs() {
        return extraArgs;
    }

    /** How long one Maven run may take before it is killed. */
    public Duration timeout() {
        return timeout;
    }

    /** The largest source archive accepted, in bytes. */
    public long maxArchiveBytes() {
        return maxArchiveBytes;
    }
}
