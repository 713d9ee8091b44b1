package dev.faas.controller.backend.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a JDK says about itself in its {@code release} file: its version (feature number first) and build, read from
 * the java executable's home ({@code <home>/bin/java} → {@code <home>/release}).
 *
 * @param feature the feature release (17, 25, ...), or 0 when unknown
 * @param build   version and implementor as written there, to tell two builds of one feature release apart
 */
public record JdkRelease(int feature, String build) {

    /** Reads the release file of the JDK that {@code javaExecutable} belongs to; feature 0 when it cannot. */
    public static JdkRelease of(String javaExecutable) {
        Path java;
        try {
            java = Path.of(javaExecutable).toRealPath();
        } catch (IOException | RuntimeException e) {
            return new JdkRelease(0, "unknown");
        }
        Path release = java.getParent() == null || java.getParent().getParent() == null ? null
                : java.getParent().getParent().resolve("release");
        if (release == null || !Files.isRegularFile(release)) {
            return new JdkRelease(0, "unknown (" + java + ")");
        }
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            props.load(in);
        } catch (IOException e) {
            return new JdkRelease(0, "unknown (" + release + ")");
        }
        String version = unquote(props.getProperty("JAVA_VERSION", ""));
        String build = version + " " + unquote(props.getProperty("IMPLEMENTOR_VERSION",
                props.getProperty("JAVA_RUNTIME_VERSION", ""))) + " at " + java;
        return new JdkRelease(feature(version), build.trim());
    }

    /** Whether this JDK has JEP 483's AOT cache ({@code -XX:AOTCache}, JDK 25 has the one-step form). */
    public boolean hasAotCache() {
        return feature >= 25;
    }

    /** Whether this JDK can write a dynamic AppCDS archive at exit ({@code -XX:ArchiveClassesAtExit}, JDK 13+). */
    public boolean hasDynamicAppCds() {
        return feature >= 13;
    }

    private static int feature(String version) {
        String[] parts = version.split("[.+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
