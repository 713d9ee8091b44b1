package dev.faas.cli.platform;

import dev.faas.cli.CliException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts platform processes that outlive the CLI (own session, output to a log file, pid in a pid file),
 * finds them again from their pid files, and stops them.
 */
public final class BackgroundProcesses {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final FaasHome home;

    public BackgroundProcesses(FaasHome home) {
        this.home = home;
    }

    /** The live process recorded for this name; a stale pid file (dead or reused pid) is removed. */
    public Optional<ProcessHandle> running(String name) {
        Path pidFile = home.pidFile(name);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process;
        try {
            process = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> isOurs(p, name));
        } catch (IOException | NumberFormatException unreadable) {
            process = Optional.empty();
        }
        if (process.isEmpty()) {
            deleteQuietly(pidFile);
        }
        return process;
    }

    /** Starts {@code java -jar} for the service, detached from this terminal, and records its pid. */
    public ProcessHandle start(ServiceSpec service) {
        Path log = home.logFile(service.name());
        Path pidFile = home.pidFile(service.name());
        List<String> command = new ArrayList<>();
        // setsid puts the process in its own session: Ctrl-C or closing this terminal does not reach it.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(service.jar().toString());
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(pidFile.getParent());
            Files.createDirectories(home.stateDir());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.root().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true);
            builder.environment().putAll(service.environment());
            Process process = builder.start();
            Files.writeString(pidFile, process.pid() + "\n", StandardCharsets.UTF_8);
            return process.toHandle();
        } catch (IOException e) {
            throw new CliException("cannot start the " + service.name() + ": " + e.getMessage(), e);
        }
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL; removes the pid file. Returns the pid if one ran. */
    public Optional<Long> stop(String name, Duration grace) {
        Optional<ProcessHandle> process = running(name);
        process.ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while stopping the " + name, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        });
        deleteQuietly(home.pidFile(name));
        return process.map(ProcessHandle::pid);
    }

    /** Guards against a recycled pid: the command line (when visible) must run our jar. */
    private static boolean isOurs(ProcessHandle process, String name) {
        return process.info().commandLine().map(line -> line.contains("faas-" + name)).orElse(true);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a pid file we cannot delete is re-checked on the next run
        }
    }
}
