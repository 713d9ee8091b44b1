package dev.faas.controller.template;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The templates API on a real controller with the repository's own templates; one real (failing) Maven build. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateApiTest implements TestPropertyProvider {
    private static final Path TEMPLATES = Path.of("..", "templates").toAbsolutePath().normalize();
    private static final String BROKEN_HANDLER = """
            package function;

            import dev.faas.function.Context;
            import dev.faas.function.Request;
            import dev.faas.function.Response;

            public class Handler implements dev.faas.function.Handler {
                @Override
                public Response handle(Request request, Context context) {
                    return Response.ok(greeting);
                }
            }
            """;

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    TemplateCatalog catalog;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("faas.state-dir", Files.createTempDirectory("faas-template-test").toString(),
                    "faas.templates-dir", TEMPLATES.toString(),
                    "faas.build.extra-args", "-o");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> HttpRequest<T> authed(HttpRequest<T> request) {
        return ((io.micronaut.http.MutableHttpRequest<T>) request).basicAuth("admin", "test-password");
    }

    private Map<?, ?> rejected(HttpRequest<?> request, int status) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(request, String.class));
        assertEquals(status, e.getStatus().getCode(), e.getResponse().getBody(String.class).orElse(""));
        return e.getResponse().getBody(Map.class).orElseThrow();
    }

    @Test
    void listsTheTemplatesWithTheirHandlerBehindTheCredentials() {
        rejected(HttpRequest.GET("/system/templates"), 401);
        Map<?, ?> answer = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/templates")), Map.class);
        List<?> templates = (List<?>) answer.get("templates");
        Map<?, ?> java = templates.stream().map(t -> (Map<?, ?>) t).filter(t -> t.get("name").equals("java"))
                .findFirst().orElseThrow(() -> new AssertionError("no java template in " + answer));
        assertEquals("java", java.get("language"));
        assertTrue(java.get("description").toString().contains("full HTTP control"), java.toString());
        assertEquals("function.Handler", java.get("handler"));
        assertEquals("src/main/java/function/Handler.java", java.get("handlerFile"));
        assertTrue(java.get("handlerSource").toString().contains("class Handler implements dev.faas.function.Handler"));
        assertTrue(templates.stream().anyMatch(t -> ((Map<?, ?>) t).get("name").equals("java-function")), answer.toString());
    }

    @Test
    void theProjectIsTheTemplateWithTheNamePutInAndTheHandlerReplaced() throws Exception {
        FunctionTemplate java = catalog.find("java").orElseThrow();
        Map<String, String> own = unzip(catalog.project(java, "greeter", null));
        assertFalse(own.containsKey("template.yml"), own.keySet().toString());
        assertTrue(own.get("pom.xml").contains("<artifactId>greeter</artifactId>"), own.get("pom.xml"));
        assertEquals(java.handlerSource(), own.get("src/main/java/function/Handler.java"));
        assertTrue(own.containsKey("src/test/java/function/HandlerTest.java"), "the template's tests build with it");

        String changed = java.handlerSource().replace("Hello, ", "Hi, ");
        Map<String, String> edited = unzip(catalog.project(java, "greeter", changed));
        assertEquals(changed, edited.get("src/main/java/function/Handler.java"));
        assertFalse(edited.containsKey("src/test/java/function/HandlerTest.java"),
                "tests written for the template's handler are left out: " + edited.keySet());
    }

    @Test
    void refusesUnknownTemplatesAndBadNames() {
        Map<?, ?> unknown = rejected(authed(HttpRequest.POST("/system/templates/cobol/builds",
                Map.of("name", "x"))), 404);
        assertTrue(unknown.get("message").toString().contains("template 'cobol' not found; available: java"),
                unknown.toString());
        Map<?, ?> badName = rejected(authed(HttpRequest.POST("/system/templates/java/builds",
                Map.of("name", "Bad_Name"))), 400);
        assertTrue(badName.get("message").toString().contains("DNS-1123"), badName.toString());
        Map<?, ?> blank = rejected(authed(HttpRequest.POST("/system/templates/java/builds",
                Map.of("name", "ok", "handlerSource", " "))), 400);
        assertTrue(blank.get("message").toString().contains("handlerSource is empty"), blank.toString());
        rejected(HttpRequest.POST("/system/templates/java/builds", Map.of("name", "ok")), 401);
    }

    @Test
    void aBrokenHandlerFailsTheBuildWithTheCompilersMessage() throws Exception {
        HttpResponse<Map> accepted = http.toBlocking().exchange(authed(HttpRequest.POST(
                "/system/templates/java/builds", Map.of("name", "broken", "namespace", "team-t",
                        "handlerSource", BROKEN_HANDLER))), Map.class);
        assertEquals(HttpStatus.ACCEPTED, accepted.getStatus());
        String id = accepted.body().get("id").toString();
        assertEquals("broken", accepted.body().get("name"));
        assertEquals("team-t", accepted.body().get("namespace"));

        long deadline = System.nanoTime() + 180_000_000_000L;
        Map<?, ?> status;
        do {
            Thread.sleep(250);
            status = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/builds/" + id)), Map.class);
        } while ("running".equals(status.get("status")) && System.nanoTime() < deadline);
        assertEquals("failed", status.get("status"), status.toString());
        String error = status.get("error").toString();
        assertTrue(error.startsWith("compilation failed: /src/main/java/function/Handler.java:[10,"), error);
        assertTrue(error.contains("cannot find symbol") && error.contains("greeting"), error);
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
