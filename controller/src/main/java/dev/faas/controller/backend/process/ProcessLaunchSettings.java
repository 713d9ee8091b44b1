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
    /** The flags every instance JVM starts with (a class-data cache must be built with the same ones). */
    public static final List<String> BASE_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final String java;
    private final String runtimeJar;
    private final String classpath;
    private final String mainClass;
    private final int drainSeconds;
    private final String gatewayUrl;
    private final Path instancesDir;
    private final Path secretMountsDir;

    /** Settings with the executable given directly (no separate JDK home). */
    public ProcessLaunchSettings(String java, String runtimeJar, String classpath, String mainClass, int drainSeconds,
                                 String gatewayUrl, Path stateDir) {
        this(java, null, runtimeJar, classpath, mainClass, drainSeconds, gatewayUrl, stateDir);
    }

    @io.micronaut.core.annotation.Creator
    public ProcessLaunchSettings(@Nullable @Value("${faas.runtime.java:}") String java,
                                 @Nullable @Value("${faas.runtime.java-home:}") String javaHome,
                                 @Nullable @Value("${faas.runtime.jar:}") String runtimeJar,
                                 @Nullable @Value("${faas.runtime.classpath:}") String classpath,
                                 @Nullable @Value("${faas.runtime.main-class:}") String mainClass,
                                 @Value("${faas.runtime.drain-seconds:10}") int drainSeconds,
                                 @Nullable @Value("${faas.gateway-url:}") String gatewayUrl,
                                 @Value("${faas.state-dir}") Path stateDir) {
        // faas.runtime.java names the executable; faas.runtime.java-home a JDK (e.g. a Temurin 25 beside 17).
        this.java = blankToNull(java) != null ? java
                : blankToNull(javaHome) != null ? Path.of(javaHome, "bin", "java").toString() : null;
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
        cmd.addAll(BASE_JVM_FLAGS);
        // JDK 25 refuses any -Xshare option beside an AOT cache (it implies class sharing itself).
        if (extraJvmFlags.stream().noneMatch(f -> f.startsWith("-XX:AOTCache"))) {
            cmd.add("-Xshare:auto");
        }
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

    /** The runtime jar instances run with {@code -jar}, or null when they run a class path and main class. */
    public String runtimeJar() {
        return classpath != null && mainClass != null ? null : runtimeJar;
    }

    /** The java executable that runs instances ({@code faas.runtime.java}, default this JVM's). */
    public String javaExecutable() {
        if (java != null) {
            return java;
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
