package dev.faas.controller.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.FilePermissionsProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layers of a function image, least often changed first, so that a handler change rebuilds and pushes only the
 * last one: OS libraries, Java runtime (both only with our own base), runtime-java, the function's dependencies,
 * the function's own jar. File times and owners are jib's fixed defaults, so the same files give the same layers.
 */
final class FunctionLayers {
    /** Where runtime-java's jar lives in images. */
    static final String RUNTIME_JAR = "/opt/faas/faas-runtime.jar";
    /** The function directory ({@code FAAS_FUNCTION_PATH}) in images. */
    static final String FUNCTION_PATH = "/opt/faas/function";

    // Keep the executable bit of the source (java, the loader); everything else readable by all.
    private static final FilePermissionsProvider PERMISSIONS = (source, target) ->
            Files.isDirectory(source) || Files.isExecutable(source)
                    ? FilePermissions.fromOctalString("755") : FilePermissions.fromOctalString("644");

    private FunctionLayers() {
    }

    /** The layers; {@code base} is null when the image is built on a configured base image. */
    static List<FileEntriesLayer> of(BaseRuntime base, Path runtimeJar, Path artifact) throws IOException {
        List<FileEntriesLayer> layers = new ArrayList<>();
        if (base != null) {
            FileEntriesLayer.Builder os = FileEntriesLayer.builder().setName("os-libraries");
            for (Path child : children(base.os())) {
                os.addEntryRecursive(child, AbsoluteUnixPath.get("/" + child.getFileName()), PERMISSIONS,
                        FileEntriesLayer.DEFAULT_MODIFICATION_TIME_PROVIDER);
            }
            layers.add(os.build());
            layers.add(FileEntriesLayer.builder().setName("java-runtime").addEntryRecursive(base.java(),
                    AbsoluteUnixPath.get(BaseRuntime.JAVA_HOME), PERMISSIONS,
                    FileEntriesLayer.DEFAULT_MODIFICATION_TIME_PROVIDER).build());
        }
        layers.add(FileEntriesLayer.builder().setName("runtime-java")
                .addEntry(runtimeJar, AbsoluteUnixPath.get(RUNTIME_JAR)).build());
        FileEntriesLayer.Builder dependencies = FileEntriesLayer.builder().setName("dependencies");
        Path lib = artifact.resolve("lib");
        if (Files.isDirectory(lib)) {
            dependencies.addEntryRecursive(lib, AbsoluteUnixPath.get(FUNCTION_PATH + "/lib"), PERMISSIONS,
                    FileEntriesLayer.DEFAULT_MODIFICATION_TIME_PROVIDER);
        }
        layers.add(dependencies.build());
        layers.add(FileEntriesLayer.builder().setName("function")
                .addEntry(artifact.resolve("function.jar"), AbsoluteUnixPath.get(FUNCTION_PATH + "/function.jar"))
                .build());
        return List.copyOf(layers);
    }

    /** The bytes of the files in the layers: the image's uncompressed content size. */
    static long contentBytes(List<FileEntriesLayer> layers) {
        long total = 0;
        for (FileEntriesLayer layer : layers) {
            for (FileEntry entry : layer.getEntries()) {
                Path source = entry.getSourceFile();
                if (Files.isRegularFile(source)) {
                    total += source.toFile().length();
                }
            }
        }
        return total;
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
