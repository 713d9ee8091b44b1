package dev.faas.controller.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The host's shared libraries a Java runtime needs (what {@code ldd} reports, dynamic loader included). */
final class SharedLibraries {
    // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
    private static final Pattern LIBRARY = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");

    private SharedLibraries() {
    }

    /**
     * Absolute paths of the libraries {@code bin/java} and every {@code lib/**.so} of {@code javaHome} load from
     * outside it. Libraries of the runtime itself (libjvm, found at run time through its own paths) are left out.
     */
    static List<Path> of(Path javaHome) {
        TreeSet<Path> libraries = new TreeSet<>();
        for (Path binary : binaries(javaHome)) {
            Matcher m = LIBRARY.matcher(ExternalCommand.run(List.of("ldd", binary.toString()), Map.of(),
                    Duration.ofSeconds(30)));
            while (m.find()) {
                Path library = Path.of(m.group(1)).normalize();
                if (!library.startsWith(javaHome)) {
                    libraries.add(library);
                }
            }
        }
        return List.copyOf(libraries);
    }

    private static List<Path> binaries(Path javaHome) {
        try (Stream<Path> files = Files.walk(javaHome.resolve("lib"))) {
            return Stream.concat(Stream.of(javaHome.resolve("bin/java")),
                    files.filter(f -> f.getFileName().toString().endsWith(".so"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
