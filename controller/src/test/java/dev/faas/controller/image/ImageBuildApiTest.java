package dev.faas.controller.image;

import dev.faas.controller.api.FakeRuntime;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.testsupport.FunctionJars;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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

/**
 * A build through the API with {@code faas.image.target: tar}: Maven, the artifact, then the image; the build
 * reports the image and its digest, the log has a line per layer, and the deployed function's status shows the
 * digest.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageBuildApiTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient http;

    @MockBean(FunctionRuntime.class)
    FunctionRuntime runtime() {
        return new FakeRuntime();
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of("faas.state-dir", ImageFixture.STATE.toString(),
                "faas.test.in-memory-store", "true",
                "faas.build.extra-args", "-o",
                "faas.image.target", "tar",
                "faas.runtime.jar", FunctionJars.RUNTIME_JAR.toString());
    }

    @Test
    void aBuildProducesTheImageAndTheFunctionShowsItsDigest() throws Exception {
        String name = ImageFixture.uniqueFunction("api").name();
        byte[] source = zip(project(GOOD_HANDLER));
        Map<?, ?> started = http.toBlocking().retrieve(authed(HttpRequest.POST("/system/builds?name=" + name
                + "&template=java", source).contentType("application/zip")), Map.class);
        Map<?, ?> done = awaitEnd(started.get("id").toString());

        String tag = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source)).substring(0, 12);
        assertEquals("succeeded", done.get("status"), done.toString());
        assertEquals("faas.local/default/" + name + ":" + tag, done.get("image"));
        String digest = done.get("digest").toString();
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), digest);
        String log = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/builds/" + started.get("id")
                + "/logs")), String.class);
        assertTrue(log.contains("image: layer function"), log);
        assertTrue(log.contains("digest " + digest), log);
        Path tar = ImageFixture.STATE.resolve("images/tars/default").resolve(name).resolve(tag + ".tar");
        assertTrue(Files.isRegularFile(tar), tar + " written");

        http.toBlocking().exchange(authed(HttpRequest.POST("/system/functions",
                Map.of("service", name, "image", done.get("image")))));
        Map<?, ?> status = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/function/" + name)), Map.class);
        assertEquals(digest, status.get("imageDigest"));
        Files.delete(tar);
    }

    @Test
    void aTemplateThatIsNotANameIsRefused() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(authed(HttpRequest.POST("/system/builds?name=x&template=a%20b",
                        new byte[]{1}).contentType("application/zip"))));
        assertEquals(400, e.getStatus().getCode());
        assertTrue(e.getResponse().getBody(Map.class).orElseThrow().get("message").toString().contains("template 'a b'"));
    }

    private Map<?, ?> awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        Map<?, ?> status;
        do {
            Thread.sleep(250);
            status = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/builds/" + id)), Map.class);
        } while ("running".equals(status.get("status")) && System.nanoTime() < deadline);
        return status;
    }

    private static <T> MutableHttpRequest<T> authed(MutableHttpRequest<T> request) {
        return request.basicAuth("admin", "test-password");
    }

}
