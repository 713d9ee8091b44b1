package dev.faas.controller.build;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.image.BuiltImage;
import dev.faas.controller.image.FunctionImageBuilder;
import dev.faas.controller.image.FunctionImageRequest;
import dev.faas.controller.image.ImageBuildException;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts zipped function projects, builds them with Maven in the background, and stores the result as an
 * artifact named {@code faas.local/<namespace>/<name>:<tag>}, then (when {@code faas.image.target} is set) as an
 * OCI image of that artifact.
 */
@Singleton
public class BuildService {
    private static final Logger LOG = LoggerFactory.getLogger(BuildService.class);

    private final Path buildsRoot;
    private final BuildSettings settings;
    private final MavenRunner maven;
    private final ArtifactStore artifacts;
    private final FunctionImageBuilder images;
    private final ExecutorService executor;
    private final Map<String, Build> builds = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    public BuildService(@Value("${faas.state-dir}") Path stateDir, BuildSettings settings, MavenRunner maven,
                        ArtifactStore artifacts, FunctionImageBuilder images, @Named(BuildExecutorFactory.BUILDS) ExecutorService executor) {
        this.buildsRoot = stateDir.resolve("builds").toAbsolutePath();
        this.settings = settings;
        this.maven = maven;
        this.artifacts = artifacts;
        this.images = images;
        this.executor = executor;
    }

    /**
     * Receives and unpacks the archive (rejecting it with 400/413 when it is unusable), then queues the build.
     * Blocks while the body is read, so call it off the event loop.
     */
    public Build start(FunctionKey function, InputStream archive, String template) throws IOException {
        String id = "b-" + Long.toString(System.currentTimeMillis(), 36) + "-" + sequence.incrementAndGet();
        Path directory = buildsRoot.resolve(id);
        Files.createDirectories(directory);
        Build build;
        try {
            Path zip = directory.resolve("source.zip");
            String sourceDigest = SourceArchive.receive(archive, zip, settings.maxArchiveBytes());
            SourceArchive.unpack(zip, directory.resolve("src"));
            if (!Files.isRegularFile(directory.resolve("src/pom.xml"))) {
                throw new BuildRejectedException(HttpStatus.BAD_REQUEST, "the source archive has no pom.xml at "
                        + "its root; create functions with `faas new NAME --template java`");
            }
            build = new Build(id, function, sourceDigest, template == null ? "" : template, directory, new BuildLog(directory.resolve("build.log")));
        } catch (IOException | RuntimeException e) {
            ArtifactStore.deleteTree(directory);
            throw e;
        }
        builds.put(id, build);
        try {
            executor.execute(() -> run(build));
        } catch (RejectedExecutionException e) {
            build.fail("too many builds are queued; try again when some have finished");
            throw new BuildRejectedException(HttpStatus.SERVICE_UNAVAILABLE,
                    "too many builds are queued; try again when some have finished");
        }
        LOG.info("Build {} of {} (source {}) queued", id, function, build.tag());
        return build;
    }

    /** The build with this id, if this controller ran it since it started. */
    public Optional<Build> find(String id) {
        return Optional.ofNullable(builds.get(id));
    }

    private void run(Build build) {
        try {
            MavenResult result = maven.run(build.sourceDirectory(), build.log());
            if (!result.succeeded()) {
                build.fail(BuildFailureSummary.of(result, build.sourceDirectory(), settings.timeout().toString()));
            } else if (!Files.isRegularFile(build.sourceDirectory().resolve("target/" + ArtifactStore.FUNCTION_JAR))) {
                build.fail("the build succeeded but produced no target/function.jar: the pom must set "
                        + "<finalName>function</finalName> (the java template does)");
            } else {
                String artifact = artifacts.install(build.function(), build.tag(), build.sourceDirectory().resolve("target"));
                if (images.enabled()) {
                    BuiltImage image = images.build(new FunctionImageRequest(build.function(), build.tag(),
                            build.template(), build.sourceDigest(), artifacts.artifactFor(artifact).orElseThrow()),
                            build.log()::append);
                    build.succeed(image.reference(), image.digest());
                } else {
                    build.succeed(artifact, null);
                }
            }
        } catch (ImageBuildException e) {
            build.fail(e.getMessage());
        } catch (IOException e) {
            build.fail("cannot run the build: " + e.getMessage() + " (is faas.build.maven '" + settings.maven()
                    + "' installed?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            build.fail("the build was interrupted because the controller is stopping");
        } catch (RuntimeException e) {
            LOG.error("Build {} failed unexpectedly", build.id(), e);
            build.fail("the build failed unexpectedly: " + e.getMessage());
        }
        BuildStatus status = build.status();
        LOG.info("Build {} of {} {}", build.id(), build.function(), status.status());
    }
}
