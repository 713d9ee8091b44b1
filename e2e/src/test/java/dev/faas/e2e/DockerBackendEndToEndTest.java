package dev.faas.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform on the {@code docker} backend, as a user runs it: {@code faas up --backend docker}, functions from
 * the template built into images by the controller and run as hardened containers, a secret that only the
 * function naming it can read, and scale to zero and back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerBackendEndToEndTest {
    private static final String SECRET_VALUE = "s3cr3t-" + Long.toHexString(System.nanoTime());
    /** Answers with the secret file's content, or says it cannot read it; the path is the OpenFaaS one. */
    private static final String SECRET_READER = """
            package function;

            import dev.faas.function.Context;
            import dev.faas.function.Request;
            import dev.faas.function.Response;

            import java.nio.file.Files;
            import java.nio.file.Path;

            public class Handler implements dev.faas.function.Handler {
                @Override
                public Response handle(Request request, Context context) throws Exception {
                    Path secret = Path.of("/var/openfaas/secrets/api-key");
                    System.out.println("%s asked for the secret");
                    return Files.isReadable(secret)
                            ? Response.ok("key=" + Files.readString(secret))
                            : Response.ok("no secret for %s");
                }
            }
            """;

    @TempDir
    static Path work;
    static Platform platform;

    @BeforeAll
    static void up() throws Exception {
        DockerEngine.require();
        platform = Platform.up(work.resolve("faas-home"), "--backend", "docker", "--no-examples",
                "--idle-timeout", "15s");
    }

    @AfterAll
    static void down() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void secretIsCreatedWithoutEverShowingItsValue() throws Exception {
        Platform.CliResult created = platform.cli(work, Duration.ofSeconds(60), "secret", "create", "api-key",
                "--from-literal", SECRET_VALUE);
        assertEquals(0, created.exitCode(), created.output());

        Platform.CliResult listed = platform.cli(work, Duration.ofSeconds(60), "secret", "list");
        assertEquals(0, listed.exitCode(), listed.output());
        assertTrue(listed.output().contains("api-key"), listed.output());
        assertFalse(listed.output().contains(SECRET_VALUE), "the value is never shown: " + listed.output());
    }

    @Test
    @Order(2)
    void templateFunctionsRunAsHardenedContainersAndOnlyTheNamedOneReadsTheSecret() throws Exception {
        deployFromTemplate("keeper", List.of("api-key"));
        deployFromTemplate("stranger", List.of());

        HttpResponse<String> keeper = platform.invoke("keeper", "");
        assertEquals(200, keeper.statusCode(), keeper.body());
        assertEquals("key=" + SECRET_VALUE, keeper.body());
        HttpResponse<String> stranger = platform.invoke("stranger", "");
        assertEquals(200, stranger.statusCode(), stranger.body());
        assertEquals("no secret for stranger", stranger.body());

        JsonNode status = platform.status("keeper");
        assertTrue(status.get("image").asText().startsWith("faas.local/default/keeper:"), status.toString());
        assertTrue(status.path("imageDigest").asText().startsWith("sha256:"), "status shows the digest: " + status);
        assertFalse(status.toString().contains(SECRET_VALUE), "no API response holds the value");

        String instance = readyInstance(status);
        List<String> containers = DockerEngine.containersOfInstance(instance);
        assertEquals(1, containers.size(), "one container for instance " + instance);
        String inspected = DockerEngine.run("inspect", "--format",
                "{{.Config.User}}|{{.HostConfig.ReadonlyRootfs}}|{{.HostConfig.CapDrop}}|{{.HostConfig.SecurityOpt}}",
                containers.get(0)).output();
        String[] fields = inspected.split("\\|");
        assertFalse(fields[0].isBlank() || fields[0].equals("0") || fields[0].startsWith("root")
                || fields[0].startsWith("0:"), "runs as a non-root user: " + inspected);
        assertEquals("true", fields[1], "read-only root filesystem: " + inspected);
        assertTrue(fields[2].contains("ALL"), "all capabilities dropped: " + inspected);
        assertTrue(fields[3].contains("no-new-privileges"), inspected);
        String env = DockerEngine.run("inspect", "--format", "{{.Config.Env}}", containers.get(0)).output();
        assertFalse(env.contains(SECRET_VALUE), "secrets are never environment variables");

        Platform.CliResult logs = platform.cli(work, Duration.ofSeconds(60), "logs", "keeper");
        assertEquals(0, logs.exitCode(), logs.output());
        assertTrue(logs.output().contains("keeper asked for the secret"), "logs come from the engine: " + logs.output());
        assertFalse(platform.tail("controller.log").contains(SECRET_VALUE), "the controller never logs the value");
    }

    @Test
    @Order(3)
    void idleFunctionScalesToZeroRemovingItsContainersAndTheNextCallStartsOne() throws Exception {
        Platform.await(() -> "stranger to scale to zero", Duration.ofSeconds(90),
                () -> quietly(() -> DockerEngine.runningContainersOf("stranger").isEmpty()
                        && platform.status("stranger").get("replicas").asInt() == 0));

        HttpResponse<String> again = platform.invoke("stranger", "");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("no secret for stranger", again.body());
        assertEquals(1, DockerEngine.runningContainersOf("stranger").size(), "the call started one container");
        JsonNode coldStarts = platform.status("stranger").get("coldStarts");
        assertTrue(coldStarts.get("count").asInt() >= 1, "the cold start is recorded: " + coldStarts);
    }

    private static void deployFromTemplate(String name, List<String> secrets) throws Exception {
        Platform.CliResult created = platform.cli(work, Duration.ofSeconds(60), "new", name, "--template", "java");
        assertEquals(0, created.exitCode(), created.output());
        Path dir = work.resolve(name);
        Files.writeString(dir.resolve("src/main/java/function/Handler.java"), SECRET_READER.formatted(name, name));
        Files.deleteIfExists(dir.resolve("src/test/java/function/HandlerTest.java"));
        if (!secrets.isEmpty()) {
            Path stack = work.resolve(name + ".yml");
            String yaml = Files.readString(stack);
            Files.writeString(stack, yaml.stripTrailing() + "\n    secrets:\n"
                    + String.join("", secrets.stream().map(s -> "      - " + s + "\n").toList()));
        }
        Platform.CliResult deployed = platform.cli(work, Duration.ofMinutes(5), "deploy", "-f", name + ".yml");
        assertEquals(0, deployed.exitCode(), deployed.output());
    }

    private static String readyInstance(JsonNode status) {
        for (JsonNode instance : status.get("instances")) {
            if ("ready".equalsIgnoreCase(instance.path("state").asText())) {
                return instance.get("id").asText();
            }
        }
        throw new AssertionError("no ready instance: " + status);
    }

    private static boolean quietly(CheckedCondition condition) {
        try {
            return condition.test();
        } catch (Exception e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface CheckedCondition {
        boolean test() throws Exception;
    }
}
