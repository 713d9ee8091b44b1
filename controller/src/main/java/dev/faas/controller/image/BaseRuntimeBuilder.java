package dev.faas.controller.image;

import dev.faas.controller.build.ArtifactStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Builds the base runtime of function images from a JDK — a jlinked Java runtime with only the configured modules,
 * a class-data archive for runtime-java, and the host libraries it needs — once per JDK and module list, cached
 * under {@code <state>/images/base/<hash>/} (built in a temporary directory and renamed, so a half-built base is
 * never used and a later controller run reuses it).
 */
@Singleton
public class BaseRuntimeBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(BaseRuntimeBuilder.class);
    // Bump when the layout or the recipe changes, so that old cached bases are not reused.
    private static final String RECIPE = "base-runtime-1";
    private static final String PASSWD = "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n";
    private static final String GROUP = "root:x:0:\nnonroot:x:65532:\n";

    private final ImageSettings settings;

    public BaseRuntimeBuilder(ImageSettings settings) {
        this.settings = settings;
    }

    /** The cached base runtime, building it first if needed; progress lines go to {@code progress}. */
    public synchronized BaseRuntime obtain(Consumer<String> progress) {
        Path jdk = settings.baseJdk();
        Path directory = settings.imagesDir().resolve("base").resolve(key(jdk));
        if (Files.isDirectory(directory)) {
            return new BaseRuntime(directory);
        }
        String what = "building base runtime from " + jdk + " (modules " + String.join(",", settings.modules())
                + "); this takes a while once";
        LOG.info(what);
        progress.accept(what);
        long started = System.nanoTime();
        try {
            Files.createDirectories(directory.getParent());
            Path temp = Files.createTempDirectory(directory.getParent(), ".building-");
            try {
                build(jdk, new BaseRuntime(temp), progress);
                moveIntoPlace(temp, directory);
            } finally {
                ArtifactStore.deleteTree(temp);
            }
        } catch (IOException e) {
            throw new ImageBuildException("cannot build the base runtime from " + jdk + ": " + e.getMessage(), e);
        }
        String done = "base runtime ready in " + (System.nanoTime() - started) / 1_000_000 + " ms: " + directory;
        LOG.info(done);
        progress.accept(done);
        return new BaseRuntime(directory);
    }

    private void build(Path jdk, BaseRuntime base, Consumer<String> progress) throws IOException {
        jlink(jdk, base.java());
        progress.accept("base runtime: jlinked " + jdk + " to " + sizeOf(base.java()) / (1024 * 1024) + " MB");
        if (settings.classDataArchive()) {
            Path work = Files.createDirectories(base.directory().resolve("training"));
            ClassDataArchive.bake(base.java(), settings.runtimeJar(), work);
            ArtifactStore.deleteTree(work);
            progress.accept("base runtime: class-data archive for runtime-java baked in");
        }
        List<Path> libraries = SharedLibraries.of(base.java());
        for (Path library : libraries) {
            Path copy = base.os().resolve(library.toString().substring(1));
            Files.createDirectories(copy.getParent());
            Files.copy(library, copy); // follows symlinks: the image gets the real file under the name ldd used
        }
        progress.accept("base runtime: " + libraries.size() + " shared libraries " + libraries);
        Path etc = Files.createDirectories(base.os().resolve("etc"));
        Files.writeString(etc.resolve("passwd"), PASSWD, StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("group"), GROUP, StandardCharsets.UTF_8);
    }

    private void jlink(Path jdk, Path output) {
        Path jlink = jdk.resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            throw new ImageBuildException("faas.image.base-jdk '" + jdk + "' has no bin/jlink: point it at a JDK "
                    + "(not a JRE), or set faas.image.base to a base image reference");
        }
        List<String> command = new ArrayList<>(List.of(jlink.toString(), "--add-modules",
                String.join(",", settings.modules()), "--strip-debug", "--no-man-pages", "--no-header-files",
                // Compressed class resources keep the image under 60 MB; with the class-data archive most
                // classes do not come from them at start-up anyway.
                "--compress=" + (featureVersion(jdk) >= 21 ? "zip-6" : "2"), "--output", output.toString()));
        try {
            ExternalCommand.run(command, Map.of(), Duration.ofMinutes(5));
        } catch (ImageBuildException e) {
            if (!Files.isDirectory(jdk.resolve("jmods"))) {
                throw new ImageBuildException("cannot jlink a base runtime from " + jdk + ": it has no jmods/ and "
                        + "its jlink cannot link from the run-time image (JEP 493) either; install the JDK's "
                        + "jmods, set faas.image.base-jdk to a JDK with jmods, or set faas.image.base. jlink said: "
                        + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The cache key: the recipe, the JDK (path and release file) and the modules. */
    private String key(Path jdk) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((RECIPE + "\n" + jdk.toAbsolutePath().normalize() + "\n" + String.join(",", settings.modules())
                    + "\ncds=" + settings.classDataArchive() + "\n").getBytes(StandardCharsets.UTF_8));
            Path release = jdk.resolve("release");
            if (Files.isRegularFile(release)) {
                sha.update(Files.readAllBytes(release));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int featureVersion(Path jdk) {
        Properties release = new Properties();
        try (var in = Files.newBufferedReader(jdk.resolve("release"))) {
            release.load(in);
        } catch (IOException e) {
            return 17;
        }
        String version = release.getProperty("JAVA_VERSION", "\"17\"").replace("\"", "");
        try {
            return Integer.parseInt(version.split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return 17;
        }
    }

    private static void moveIntoPlace(Path temp, Path directory) throws IOException {
        try {
            Files.move(temp, directory, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // Another controller finished the same base first; theirs is as good as ours.
            if (!Files.isDirectory(directory)) {
                throw e;
            }
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
