package dev.faas.controller.image;

import dev.faas.controller.backend.GenericInstances;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarOutputStream;

/**
 * The image generic (pooled) containers run: runtime-java on our base runtime with no function in it, built once per
 * runtime jar into the local engine as {@code faas.local/faas-pool/java:<jar hash>} — or {@code faas.pool.docker-image}
 * when set (an image that runs runtime-java the way ours do). Without either (images not built for the local engine)
 * the docker backend keeps no pool.
 */
@Singleton
public class GenericRuntimeImage {
    private static final Logger LOG = LoggerFactory.getLogger(GenericRuntimeImage.class);

    private final ImageSettings settings;
    private final FunctionImageBuilder builder;
    private final String configured;
    private String built;

    public GenericRuntimeImage(ImageSettings settings, FunctionImageBuilder builder,
                               @Nullable @Value("${faas.pool.docker-image:}") String configured) {
        this.settings = settings;
        this.builder = builder;
        this.configured = configured == null || configured.isBlank() ? null : configured.trim();
    }

    /** Whether there is (or can be built) an image for generic containers. */
    public boolean available() {
        return configured != null || settings.target() == ImageTarget.DOCKER;
    }

    /** The image reference, built on first use. */
    public synchronized String reference() {
        if (configured != null) {
            return configured;
        }
        if (built == null) {
            if (!available()) {
                throw new IllegalStateException("no image for generic containers: set faas.pool.docker-image, or "
                        + "faas.image.target=docker so that the controller builds one");
            }
            built = builder.build(request(settings.runtimeJar(), settings.imagesDir().resolve("pool-artifact")),
                    LOG::info).reference();
        }
        return built;
    }

    /** The build request of the generic image: runtime-java and an empty function, tagged by the runtime jar. */
    public static FunctionImageRequest request(Path runtimeJar, Path emptyArtifact) {
        try {
            Files.createDirectories(emptyArtifact);
            Path jar = emptyArtifact.resolve("function.jar");
            if (!Files.exists(jar)) {
                try (JarOutputStream empty = new JarOutputStream(Files.newOutputStream(jar))) {
                    empty.flush(); // a valid jar with no entries: generic containers load no function
                }
            }
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(runtimeJar)));
            return new FunctionImageRequest(GenericInstances.POOL_KEY, digest.substring(0, 12), "java", digest,
                    emptyArtifact);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the generic runtime image: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
