package dev.faas.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may know about the world it runs in: environment, directories and terminal streams.
 * Passed in rather than read from {@link System} so that tests can run commands against temp directories.
 *
 * @param env         environment variables
 * @param faasHome    the user's state directory ({@code $FAAS_HOME}, default {@code ~/.faas})
 * @param installDir  the repository/installation root (system property {@code faas.home}); may be null
 * @param out         standard output
 * @param err         standard error
 * @param in          standard input
 * @param stdinIsTty  whether standard input is a terminal (then it is not read as a request body)
 */
public record CliContext(Map<String, String> env, Path faasHome, Path installDir, PrintWriter out,
                         PrintWriter err, InputStream in, boolean stdinIsTty) {

    public CliContext {
        env = Map.copyOf(env);
    }

    /** The context of this JVM: real environment, {@code System.out}/{@code err}/{@code in}. */
    public static CliContext fromSystem() {
        Map<String, String> env = System.getenv();
        String home = env.get("FAAS_HOME");
        Path faasHome = home == null || home.isBlank()
                ? Path.of(System.getProperty("user.home"), ".faas")
                : Path.of(home);
        String install = System.getProperty("faas.home");
        Path installDir = install == null || install.isBlank() ? null : Path.of(install).toAbsolutePath().normalize();
        return new CliContext(env, faasHome.toAbsolutePath(), installDir,
                new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.in, stdinIsTerminal());
    }

    /** The installation root, or a clear error when the CLI was started without the launcher script. */
    public Path requireInstallDir() {
        if (installDir == null || !Files.isDirectory(installDir)) {
            throw new CliException("cannot find the faas installation directory — run the CLI through the ./faas "
                    + "script in the repository root (it sets -Dfaas.home)");
        }
        return installDir;
    }

    /** An environment variable, or null when unset or blank. */
    public String envValue(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static boolean stdinIsTerminal() {
        // On Linux, fd 0 of a terminal links to /dev/pts/N or /dev/ttyN; elsewhere fall back to System.console().
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }
}
