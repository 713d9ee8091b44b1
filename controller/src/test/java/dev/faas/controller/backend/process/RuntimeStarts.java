package dev.faas.controller.backend.process;

import dev.faas.controller.backend.LoopbackPorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Starts of runtime-java as the process backend makes them, for the class-data cache tests; and their JDK 25. */
final class RuntimeStarts {
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private RuntimeStarts() {
    }

    /** Temurin 25 is part of this project's machines: skipped without it on a laptop, a failure under CI. */
    static void requireJdk25() {
        boolean installed = Files.isExecutable(JDK25);
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("Temurin 25 is not installed at " + JDK25 + " and CI=true: the JDK 25 cache must be tested");
        }
        assumeTrue(installed, "Temurin 25 is not installed at " + JDK25);
    }

    /**
     * Starts runtime-java with these flags and environment (generic without a function in it); true once it answers
     * health 200 and its log (with {@code -Xlog:aot} when {@code expect} is given) has {@code expect}.
     */
    static boolean startsAndAnswers(ProcessLaunchSettings settings, List<String> flags, Map<String, String> env,
                                    String expect, Path logDir) throws Exception {
        List<String> extra = new ArrayList<>(flags);
        if (expect != null) {
            extra.add("-Xlog:aot");
        }
        int port = LoopbackPorts.free();
        Path log = Files.createTempFile(logDir, "start", ".log");
        ProcessBuilder pb = new ProcessBuilder(settings.command(extra)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("FAAS_SPECIALIZE_TOKEN", "t");
        Process process = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/_/health")).build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        return expect == null || Files.readString(log).contains(expect);
                    }
                } catch (IOException e) {
                    Thread.sleep(20);
                }
            }
            return false;
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
