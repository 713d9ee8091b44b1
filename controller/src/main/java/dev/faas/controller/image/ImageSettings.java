package dev.faas.controller.image;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The {@code faas.image.*} settings: where images go, what they are built on, and where their caches live. */
@Singleton
public class ImageSettings {
    /** Enough for runtime-java and typical functions (HTTP client, TLS with EC keys, logging), under 60 MB. */
    public static final String DEFAULT_MODULES =
            "java.base,java.logging,java.net.http,jdk.httpserver,jdk.unsupported,jdk.crypto.ec";

    private final ImageTarget target;
    private final String registry;
    private final boolean insecure;
    private final String base;
    private final Path baseJdk;
    private final List<String> modules;
    private final boolean classDataArchive;
    private final Path imagesDir;
    private final Path runtimeJar;

    public ImageSettings(@Nullable @Value("${faas.image.target:none}") String target,
                         @Nullable @Value("${faas.image.registry:}") String registry,
                         @Value("${faas.image.insecure:false}") boolean insecure,
                         @Nullable @Value("${faas.image.base:}") String base,
                         @Nullable @Value("${faas.image.base-jdk:}") String baseJdk,
                         @Nullable @Value("${faas.image.modules:" + DEFAULT_MODULES + "}") String modules,
                         @Value("${faas.image.class-data-archive:true}") boolean classDataArchive,
                         @Nullable @Value("${faas.runtime.jar:}") String runtimeJar,
                         @Value("${faas.state-dir}") Path stateDir) {
        this.target = ImageTarget.parse(target);
        this.registry = blankToEmpty(registry);
        this.insecure = insecure;
        this.base = blankToEmpty(base);
        this.baseJdk = Path.of(blankToEmpty(baseJdk).isEmpty() ? System.getProperty("java.home") : baseJdk.trim());
        String moduleList = blankToEmpty(modules).isEmpty() ? DEFAULT_MODULES : modules;
        this.modules = Arrays.stream(moduleList.split("[,\\s]+")).filter(m -> !m.isBlank()).sorted().distinct().toList();
        this.classDataArchive = classDataArchive;
        this.imagesDir = stateDir.resolve("images").toAbsolutePath();
        this.runtimeJar = blankToEmpty(runtimeJar).isEmpty() ? null : Path.of(runtimeJar.trim());
        if (this.target == ImageTarget.REGISTRY && this.registry.isEmpty()) {
            throw new IllegalArgumentException("faas.image.target is 'registry' but faas.image.registry is not set: "
                    + "set it to the registry's host:port, for example 127.0.0.1:5000");
        }
    }

    public ImageTarget target() {
        return target;
    }

    /** The registry host[:port] images are pushed to (target {@code registry}). */
    public String registry() {
        return registry;
    }

    /** Whether plain HTTP (and unverified TLS) to the registries is allowed. */
    public boolean insecure() {
        return insecure;
    }

    /** A base image reference; empty means the controller builds its own jlinked base runtime. */
    public String base() {
        return base;
    }

    /** The JDK the base runtime is jlinked from. */
    public Path baseJdk() {
        return baseJdk;
    }

    /** The Java modules of the base runtime, sorted. */
    public List<String> modules() {
        return modules;
    }

    /** Whether the base runtime gets a class-data archive trained on runtime-java (faster start-up). */
    public boolean classDataArchive() {
        return classDataArchive;
    }

    /** {@code <state>/images}: base runtimes, layer caches, tars and the catalog. */
    public Path imagesDir() {
        return imagesDir;
    }

    /** runtime-java's {@code faas-runtime.jar} ({@code faas.runtime.jar}). */
    public Path runtimeJar() {
        if (runtimeJar == null || !Files.isRegularFile(runtimeJar)) {
            throw new ImageBuildException("cannot build the image: faas.runtime.jar ("
                    + (runtimeJar == null ? "not set" : "'" + runtimeJar + "', missing") + ") must point at "
                    + "runtime-java's faas-runtime.jar, which every function image contains");
        }
        return runtimeJar;
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.trim();
    }
}
