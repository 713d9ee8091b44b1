package dev.faas.controller.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Builds a function's OCI image with jib-core, without a Docker daemon: on our own jlinked base runtime (or the
 * configured base image), reproducible (fixed creation and file times), labelled, run as a non-root user, and
 * delivered to the configured target. Layer caches under {@code <state>/images/cache} make a rebuild after a
 * handler change compress and push only the function's layer.
 */
@Singleton
public class FunctionImageBuilder {
    /** The non-root user (and group) images run as, "nonroot" as distroless names it. */
    public static final String USER = "65532:65532";
    static final int PORT = 8080;

    private final ImageSettings settings;
    private final BaseRuntimeBuilder baseRuntimes;
    private final ImageCatalog catalog;

    public FunctionImageBuilder(ImageSettings settings, BaseRuntimeBuilder baseRuntimes, ImageCatalog catalog) {
        this.settings = settings;
        this.baseRuntimes = baseRuntimes;
        this.catalog = catalog;
    }

    /** Whether builds produce images at all ({@code faas.image.target} is not {@code none}). */
    public boolean enabled() {
        return settings.target() != ImageTarget.NONE;
    }

    /**
     * Builds and delivers the image, writing progress to {@code log}: one line per layer and the digest. A failure
     * is an {@link ImageBuildException} naming the target and the reason (for a registry, the registry's answer).
     */
    public BuiltImage build(FunctionImageRequest request, Consumer<String> log) {
        ImageDestination destination = ImageDestination.of(settings, request.function(), request.tag());
        BaseRuntime base = settings.base().isEmpty() ? baseRuntimes.obtain(log) : null;
        List<FileEntriesLayer> layers;
        try {
            layers = FunctionLayers.of(base, settings.runtimeJar(), request.artifact());
        } catch (IOException e) {
            throw new ImageBuildException("cannot read the files of the image " + destination.reference() + ": "
                    + e.getMessage(), e);
        }
        log.accept("image: building " + destination.reference() + " for " + destination.where() + " on "
                + (base == null ? "base image " + settings.base() : "our base runtime " + base.directory().getFileName()));
        BlobPushes pushes = new BlobPushes();
        long started = System.nanoTime();
        JibContainer container;
        try {
            container = containerBuilder(base, layers, request)
                    .setFormat(destination.target() == ImageTarget.DOCKER ? ImageFormat.Docker : ImageFormat.OCI)
                    .containerize(configure(destination.containerizer(), pushes));
        } catch (ExecutionException | RegistryException | IOException | CacheDirectoryCreationException e) {
            throw new ImageBuildException("building the image " + destination.reference() + " for "
                    + destination.where() + " failed: " + reasonOf(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("the image build was interrupted because the controller is stopping", e);
        }
        logLayers(destination, layers, pushes, log);
        boolean docker = destination.target() == ImageTarget.DOCKER;
        BuiltImage image = new BuiltImage(destination.reference(),
                docker ? container.getImageId().toString() : container.getDigest().toString(),
                container.getImageId().toString(), destination.target().configName(),
                FunctionLayers.contentBytes(layers), Instant.now());
        log.accept("image: " + image.reference() + " digest " + image.digest() + " in "
                + (System.nanoTime() - started) / 1_000_000 + " ms"
                + (destination.tar() == null ? "" : " at " + destination.tar()));
        catalog.record(image);
        return image;
    }

    private JibContainerBuilder containerBuilder(BaseRuntime base, List<FileEntriesLayer> layers,
                                                 FunctionImageRequest request) {
        JibContainerBuilder builder;
        if (base != null) {
            builder = Jib.fromScratch()
                    .addEnvironmentVariable("JAVA_HOME", BaseRuntime.JAVA_HOME)
                    .addEnvironmentVariable("PATH", BaseRuntime.JAVA_HOME + "/bin:/usr/bin:/bin");
        } else {
            builder = baseImage(settings.base());
        }
        String java = base == null ? "java" : BaseRuntime.JAVA_HOME + "/bin/java";
        return builder.setFileEntriesLayers(layers)
                .setCreationTime(Instant.EPOCH)
                .setUser(USER)
                .setWorkingDirectory(AbsoluteUnixPath.get("/opt/faas"))
                .setEntrypoint(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                        "-XX:-UsePerfData", "-XX:MaxRAMPercentage=75", "-jar", FunctionLayers.RUNTIME_JAR))
                .addEnvironmentVariable("PORT", Integer.toString(PORT))
                .addEnvironmentVariable("FAAS_FUNCTION_PATH", FunctionLayers.FUNCTION_PATH)
                // In a container the network namespace is the boundary; runtime-java binds loopback by default.
                .addEnvironmentVariable("FAAS_BIND", "0.0.0.0")
                .addEnvironmentVariable("FAAS_FUNCTION_NAME", request.function().name())
                .addEnvironmentVariable("FAAS_FUNCTION_NAMESPACE", request.function().namespace())
                .setExposedPorts(Set.of(Port.tcp(PORT)))
                .setLabels(Map.of(
                        "dev.faas.function", request.function().name(),
                        "dev.faas.namespace", request.function().namespace(),
                        "dev.faas.template", request.template() == null ? "" : request.template(),
                        "dev.faas.source-digest", "sha256:" + request.sourceDigest()));
    }

    private Containerizer configure(Containerizer containerizer, BlobPushes pushes) {
        Path cache = settings.imagesDir().resolve("cache");
        return containerizer.setApplicationLayersCache(cache.resolve("application"))
                .setBaseImageLayersCache(cache.resolve("base"))
                .setAllowInsecureRegistries(settings.insecure())
                .setToolName("faas-controller")
                .addEventHandler(ProgressEvent.class, pushes::onProgress)
                .addEventHandler(LogEvent.class, pushes::onLog);
    }

    /** {@code docker://name} takes the base from the local engine; anything else is a registry reference. */
    private JibContainerBuilder baseImage(String base) {
        try {
            return base.startsWith("docker://")
                    ? Jib.from(DockerDaemonImage.named(base.substring("docker://".length())))
                    : Jib.from(RegistryImage.named(base));
        } catch (InvalidImageReferenceException e) {
            throw new ImageBuildException("faas.image.base '" + base + "' is not an image reference: "
                    + e.getMessage() + "; use for example 127.0.0.1:5000/eclipse-temurin:17-jre or docker://name:tag");
        }
    }

    private void logLayers(ImageDestination destination, List<FileEntriesLayer> layers, BlobPushes pushes,
                           Consumer<String> log) {
        if (destination.target() != ImageTarget.REGISTRY) {
            for (FileEntriesLayer layer : layers) {
                log.accept("image: layer " + layer.getName() + " (" + FunctionLayers.contentBytes(List.of(layer))
                        + " bytes) written");
            }
            return;
        }
        String reference = destination.reference();
        String repository = reference.substring(reference.indexOf('/') + 1, reference.lastIndexOf(':'));
        try {
            List<String> digests = RegistryManifest.fetch(settings.registry(), repository,
                    reference.substring(reference.lastIndexOf(':') + 1), settings.insecure()).digests();
            int firstOwn = digests.size() - layers.size(); // base image layers, if any, come first
            for (int i = 0; i < digests.size(); i++) {
                String name = i < firstOwn ? "base" : layers.get(i - firstOwn).getName();
                String digest = digests.get(i);
                log.accept("image: layer " + name + " " + digest + " "
                        + (pushes.pushed(digest) ? "pushed" : "already present"));
            }
        } catch (IOException e) {
            log.accept("image: pushed; cannot list its layers (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The most specific message of a jib failure: for registries that is the registry's own answer. */
    static String reasonOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause.getMessage() == null) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
