package dev.faas.e2e;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The local Docker engine, driven with the {@code docker} command as a user would inspect it. */
final class DockerEngine {

    private DockerEngine() {
    }

    /** Fails under CI (which installs and starts an engine) and skips elsewhere when no engine answers. */
    static void require() {
        boolean answers;
        try {
            answers = run("info").exitCode() == 0;
        } catch (IOException e) {
            answers = false;
        }
        if (!answers && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but no Docker engine answers `docker info`: .ci/run starts dockerd");
        }
        Assumptions.assumeTrue(answers, "no Docker engine answers `docker info`");
    }

    /** Runs {@code docker args...} and returns its output. */
    static Result run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("docker " + String.join(" ", args) + " did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Result(process.exitValue(), output);
    }

    /** Ids of the containers (running or not) of one instance. */
    static List<String> containersOfInstance(String instanceId) throws IOException {
        return lines(run("ps", "-aq", "--filter", "label=dev.faas.instance=" + instanceId).output());
    }

    /** Ids of the running containers of one function. */
    static List<String> runningContainersOf(String function) throws IOException {
        return lines(run("ps", "-q", "--filter", "label=dev.faas.function=" + function).output());
    }

    private static List<String> lines(String output) {
        return output.isBlank() ? List.of() : List.of(output.split("\\s+"));
    }

    /** What a docker command printed and how it ended. */
    record Result(int exitCode, String output) {
    }
}
