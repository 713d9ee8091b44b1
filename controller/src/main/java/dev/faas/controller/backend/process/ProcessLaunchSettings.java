package dev.faas.controller.backend.process;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to launch an instance JVM: the java executable and either the runtime jar or (for tests and other
 * runtimes) a class path plus a main class.
 */
@Singleton
public class ProcessLaunchSettings {
    private final String java;
    private final String runtimeJar;
    private final String classpath;
    private final String mainClass;
    private final int drainSeconds;
    private final String gatewayUrl;
    private final Path instancesDir;
    private final Path secretMountsDir;

    public ProcessLaunchSettings(@Nullable @Value("${faas.runtime.java:}") String java,
                                 @Nullable @Value("${faas.runtime.jar:}") String runtimeJar,
                                 @Nullable @Value("${faas.runtime.classpath:}") String classpath,
                                 @Nullable @Value("${faas.runtime.main-class:}") String mainClass,
                                 @Value("${faas.runtime.drain-seconds:10}") int drainSeconds,
                                 @Nullable @Value("${faas.gateway-url:}") String gatewayUrl,
                                 @Value("${faas.state-dir}") Path stateDir) {
        this.java = blankToNull(java);
        this.runtimeJar = blankToNull(runtimeJar);
        this.classpath = blankToNull(classpath);
        this.mainClass = blankToNull(mainClass);
        this.drainSeconds = drainSeconds;
        this.gatewayUrl = gatewayUrl == null ? "" : gatewayUrl;
        this.instancesDir = stateDir.resolve("instances");
        this.secretMountsDir = stateDir.resolve("secret-mounts");
    }

    /** The command line up to (not including) nothing else: java, JVM flags, and what to run. */
    public List<String> command(List<String> extraJvmFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.addAll(extraJvmFlags);
        if (classpath != null && mainClass != null) {
            cmd.add("-cp");
            cmd.add(classpath);
            cmd.add(mainClass);
        } else if (runtimeJar != null) {
            cmd.add("-jar");
            cmd.add(runtimeJar);
        } else {
            throw new IllegalStateException("faas.runtime.jar is not set: point it (env FAAS_RUNTIME_JAR) at "
                    + "faas-runtime.jar so that the controller can start function instances");
        }
        return cmd;
    }

    /** Seconds an instance may spend finishing in-flight calls after SIGTERM. */
    public int drainSeconds() {
        return drainSeconds;
    }

    /** The router URL handed to functions as {@code FAAS_GATEWAY}. */
    public String gatewayUrl() {
        return gatewayUrl;
    }

    /** Where instance logs and records live. */
    public Path instancesDir() {
        return instancesDir;
    }

    /** Where each instance's secrets are written, one private directory per instance. */
    public Path secretMountsDir() {
        return secretMountsDir;
    }

    private String javaExecutable() {
        if (java != null) {
            return java;
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
