package dev.faas.controller.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.testsupport.FunctionJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The image really runs: built on our own base runtime into the Docker engine, started read-only as its non-root
 * user, it answers its health check. Needs a Docker engine (fails without one when CI=true, else skips).
 */
class DockerImageTest {
    @TempDir
    Path temp;

    @Test
    void theImageRunsReadOnlyAsNonRootAndAnswersHealth() throws Exception {
        requireEngine();
        FunctionKey function = ImageFixture.uniqueFunction("docker");
        FunctionImageBuilder images = ImageFixture.builder(ImageFixture.settings("docker", ""));
        BuiltImage image = images.build(new FunctionImageRequest(function, "444444444444", "java",
                "cd".repeat(32), FunctionJars.artifact(temp, "hello ")), line -> { });
        String container = "faas-image-test-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            assertEquals("faas.local/default/" + function.name() + ":444444444444", image.reference());
            JsonNode config = new ObjectMapper().readTree(docker("image", "inspect", image.reference())).get(0);
            assertEquals(image.imageId(), config.path("Id").asText());
            assertEquals(FunctionImageBuilder.USER, config.path("Config").path("User").asText());
            JsonNode labels = config.path("Config").path("Labels");
            assertEquals(function.name(), labels.path("dev.faas.function").asText());
            assertEquals("default", labels.path("dev.faas.namespace").asText());
            assertEquals("java", labels.path("dev.faas.template").asText());
            assertEquals("sha256:" + "cd".repeat(32), labels.path("dev.faas.source-digest").asText());
            long size = config.path("Size").asLong();
            assertTrue(size > 10_000_000 && size <= 60_000_000, "image size " + size + " bytes, at most 60 MB");

            docker("run", "-d", "--name", container, "--label", "dev.faas.test=" + container, "--read-only",
                    "-p", "127.0.0.1::8080", image.reference());
            String mapped = docker("port", container, "8080/tcp").lines().findFirst().orElseThrow().trim();
            URI health = URI.create("http://" + mapped + "/_/health");
            HttpClient http = HttpClient.newHttpClient();
            int status = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (status != 200 && System.nanoTime() < deadline) {
                try {
                    status = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertEquals(200, status, "GET /_/health of the container; its log:\n" + dockerQuietly("logs", container));
            String answer = http.send(HttpRequest.newBuilder(health.resolve("/")).POST(
                    HttpRequest.BodyPublishers.ofString("image")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertEquals("hello image", answer);
            String settings = docker("exec", container, "/opt/java/bin/java", "-XshowSettings:properties", "-version");
            assertTrue(settings.contains("user.name = nonroot"), "runs as uid 65532 (nonroot):\n" + settings);
        } finally {
            if (System.getenv("KEEP_TEST_CONTAINER") == null) {
                dockerQuietly("rm", "-f", container);
                dockerQuietly("rmi", "-f", image.reference());
            }
        }
    }

    @Test
    void aConfiguredBaseImageIsUsedInsteadOfOurOwn() throws Exception {
        requireEngine();
        // The base: an image of ours in the engine, taken from there with docker://.
        FunctionKey baseFunction = ImageFixture.uniqueFunction("base");
        BuiltImage base = ImageFixture.builder(ImageFixture.settings("docker", "")).build(new FunctionImageRequest(
                baseFunction, "666666666666", "java", "ef".repeat(32), FunctionJars.artifact(temp.resolve("base"), "base ")),
                line -> { });
        try {
            ImageSettings onBase = new ImageSettings("tar", "", true, "docker://" + base.reference(), "", null, true,
                    FunctionJars.RUNTIME_JAR.toString(), ImageFixture.STATE);
            FunctionKey function = ImageFixture.uniqueFunction("onbase");
            ImageFixture.Lines log = new ImageFixture.Lines();
            BuiltImage image = ImageFixture.builder(onBase).build(ImageFixture.request(function, "777777777777",
                    FunctionJars.artifact(temp.resolve("fn"), "on base ")), log::add);
            assertTrue(log.toString().contains("on base image docker://" + base.reference()), log.toString());
            assertTrue(image.digest().startsWith("sha256:"));
            assertEquals(3, log.count("image: layer"), "runtime-java, dependencies, function:\n" + log);
            Path tar = onBase.imagesDir().resolve("tars/default").resolve(function.name()).resolve("777777777777.tar");
            JsonNode manifest = new ObjectMapper().readTree(TarImageTest.small(tar).get("blobs/sha256/"
                    + image.digest().substring("sha256:".length())));
            assertEquals(8, manifest.path("layers").size(), "the base's five layers, then our three");
            Files.delete(tar);
        } finally {
            dockerQuietly("rmi", "-f", base.reference());
        }
    }

    /** Fails when CI=true and no engine answers; otherwise skips. */
    static void requireEngine() {
        boolean answers;
        try {
            docker("info", "--format", "{{.ServerVersion}}");
            answers = true;
        } catch (IOException | IllegalStateException e) {
            answers = false;
        }
        if (!answers && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("no Docker engine answers (docker info failed) and CI=true: start dockerd");
        }
        assumeTrue(answers, "no Docker engine answers; skipped (set CI=true to make this a failure)");
    }

    static String docker(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return output;
    }

    private static String dockerQuietly(String... args) {
        try {
            return docker(args);
        } catch (IOException | RuntimeException e) {
            return e.getMessage();
        }
    }
}
