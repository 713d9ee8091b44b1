package dev.faas.controller.build;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static dev.faas.controller.testsupport.FunctionProjectZip.GOOD_HANDLER;
import static dev.faas.controller.testsupport.FunctionProjectZip.project;
import static dev.faas.controller.testsupport.FunctionProjectZip.zip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds real (tiny) Maven projects; the only two Maven runs of the suite, run side by side. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildApiTest implements TestPropertyProvider {
    private static final String BROKEN_HANDLER = """
            package function;

            public class Handler {
                public String handle(String input) {
                    return "hello " + input;
                    missingVariable.toString();
                }
            }
            """;

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    ArtifactStore artifacts;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("faas.state-dir", Files.createTempDirectory("faas-build-test").toString(),
                    // Plugins are in ~/.m2 after any module build; there is no network to fetch them anyway.
                    "faas.build.extra-args", "-o");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }



    private MutableHttpRequest<byte[]> upload(String query, byte[] zip) {
        return HttpRequest.POST("/system/builds" + query, zip).contentType("application/zip")
                .basicAuth("admin", "test-password");
    }

    private Map<?, ?> status(String id) {
        return http.toBlocking().retrieve(HttpRequest.GET("/system/builds/" + id).basicAuth("admin", "test-password"), Map.class);
    }

    /** Waits for the build to leave "running"; the deadline only guards against a hung Maven. */
    private Map<?, ?> awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        Map<?, ?> status = status(id);
        while ("running".equals(status.get("status")) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            status = status(id);
        }
        return status;
    }

    private Map<?, ?> rejected(String query, byte[] zip, int expectedStatus) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(upload(query, zip), String.class));
        assertEquals(expectedStatus, e.getStatus().getCode());
        return e.getResponse().getBody(Map.class).orElseThrow();
    }

    @Test
    void buildsAProjectIntoAnArtifactAndReportsCompileErrors() throws Exception {
        byte[] good = zip(project(GOOD_HANDLER));
        HttpResponse<Map> accepted = http.toBlocking().exchange(upload("?name=hello", good), Map.class);
        assertEquals(HttpStatus.ACCEPTED, accepted.getStatus());
        Map<?, ?> started = accepted.body();
        assertEquals("running", started.get("status"));
        assertEquals("hello", started.get("name"));
        assertEquals("default", started.get("namespace"));

        byte[] broken = zip(project(BROKEN_HANDLER));
        String brokenId = http.toBlocking().retrieve(upload("?name=broken&namespace=team-a", broken), Map.class)
                .get("id").toString();

        Map<?, ?> done = awaitEnd(started.get("id").toString());
        String tag = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(good)).substring(0, 12);
        assertEquals("succeeded", done.get("status"), done.toString());
        assertEquals("faas.local/default/hello:" + tag, done.get("image"));
        Path artifact = artifacts.artifactFor(done.get("image").toString()).orElseThrow();
        assertTrue(Files.isRegularFile(artifact.resolve("function.jar")));
        assertTrue(artifact.startsWith(artifacts.root()));

        String log = http.toBlocking().retrieve(HttpRequest.GET("/system/builds/" + started.get("id") + "/logs")
                .basicAuth("admin", "test-password"), String.class);
        assertTrue(log.contains("BUILD SUCCESS"), log);

        Map<?, ?> failed = awaitEnd(brokenId);
        assertEquals("failed", failed.get("status"), failed.toString());
        String error = failed.get("error").toString();
        assertTrue(error.startsWith("compilation failed: /src/main/java/function/Handler.java:[6,"), error);
        assertTrue(error.contains("cannot find symbol"), error);
        assertTrue(!error.contains("\tat "), error);
        assertTrue(artifacts.artifactFor("faas.local/team-a/broken:" + tag).isEmpty());
    }

    @Test
    void rejectsUnusableArchivesBeforeBuilding() throws Exception {
        Map<?, ?> noPom = rejected("?name=hello", zip(Map.of("Handler.java", GOOD_HANDLER)), 400);
        assertEquals("the source archive has no pom.xml at its root; create functions with "
                + "`faas new NAME --template java`", noPom.get("message"));

        Map<String, String> slip = project(GOOD_HANDLER);
        slip.put("../../evil.sh", "echo owned");
        assertTrue(rejected("?name=hello", zip(slip), 400).get("message").toString().contains("../../evil.sh"));

        assertTrue(rejected("?name=Hello_World", zip(project(GOOD_HANDLER)), 400).get("message").toString()
                .contains("DNS-1123"));
        assertTrue(rejected("?name=hello", "not a zip".getBytes(StandardCharsets.UTF_8), 400).get("message")
                .toString().contains("not a readable zip"));

        HttpClientResponseException unknown = assertThrows(HttpClientResponseException.class, () -> status("b-nope"));
        assertEquals(404, unknown.getStatus().getCode());
    }

    @Test
    void artifactStoreIgnoresImagesThatAreNotOurs() {
        assertTrue(artifacts.artifactFor("docker.io/library/nginx:1.25").isEmpty());
        assertTrue(artifacts.artifactFor("faas.local/default/hello:../../etc").isEmpty());
        assertTrue(artifacts.artifactFor("faas.local/default/nothing:0123456789ab").isEmpty());
    }
}
