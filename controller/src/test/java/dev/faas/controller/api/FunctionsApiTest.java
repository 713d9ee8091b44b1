package dev.faas.controller.api;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionStore;
import dev.faas.controller.runtime.FunctionRuntime;
import dev.faas.controller.runtime.LogLine;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionsApiTest implements TestPropertyProvider {
    static final FakeRuntime RUNTIME = new FakeRuntime();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    FunctionStore store;

    @MockBean(FunctionRuntime.class)
    FunctionRuntime runtime() {
        return RUNTIME;
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("faas.state-dir", Files.createTempDirectory("faas-api-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> HttpRequest<T> authed(HttpRequest<T> request) {
        return ((io.micronaut.http.MutableHttpRequest<T>) request).basicAuth("admin", "test-password");
    }

    private HttpClientResponseException error(HttpRequest<?> request) {
        return assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(request, String.class));
    }

    private Map<?, ?> errorBody(HttpClientResponseException e) {
        return e.getResponse().getBody(Map.class).orElseThrow();
    }

    private static Map<String, Object> deployment(String service, String image) {
        return new java.util.HashMap<>(Map.of("service", service, "image", image));
    }

    @Test
    void refusesSystemPathsWithoutOrWithWrongCredentials() {
        HttpClientResponseException none = error(HttpRequest.GET("/system/functions"));
        assertEquals(401, none.getStatus().getCode());
        assertEquals("Basic realm=\"faas\"", none.getResponse().header("WWW-Authenticate"));
        assertTrue(errorBody(none).get("message").toString().startsWith("credentials required"));
        assertEquals(401, errorBody(none).get("status"));

        HttpClientResponseException wrong =
                error(HttpRequest.GET("/system/functions").basicAuth("admin", "not-the-password"));
        assertEquals(401, wrong.getStatus().getCode());
        assertTrue(!wrong.getResponse().getBody(String.class).orElse("").contains("not-the-password"));

        HttpResponse<String> ok = http.toBlocking().exchange(authed(HttpRequest.GET("/system/functions")), String.class);
        assertEquals(200, ok.code());
    }

    @Test
    void healthzIsOpen() {
        assertEquals("OK", http.toBlocking().retrieve("/healthz"));
    }

    @Test
    void infoNamesProviderAndOrchestration() {
        Map<?, ?> info = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/info")), Map.class);
        Map<?, ?> provider = (Map<?, ?>) info.get("provider");
        assertEquals("faas", provider.get("provider"));
        assertEquals("process", provider.get("orchestration"));
        assertEquals("0.1.0", ((Map<?, ?>) info.get("version")).get("release"));
    }

    @Test
    void rejectsInvalidDeploymentsBeforeTheyRun() {
        HttpClientResponseException badName =
                error(authed(HttpRequest.POST("/system/functions", deployment("Bad_Name", "faas.local/default/x:1"))));
        assertEquals(400, badName.getStatus().getCode());
        assertTrue(errorBody(badName).get("message").toString().contains("DNS-1123"));

        Map<String, Object> negative = deployment("neg", "faas.local/default/neg:1");
        negative.put("limits", Map.of("memory", "-128Mi"));
        HttpClientResponseException negativeMemory = error(authed(HttpRequest.POST("/system/functions", negative)));
        assertEquals(400, negativeMemory.getStatus().getCode());
        assertTrue(errorBody(negativeMemory).get("message").toString().contains("limits.memory"));

        Map<String, Object> scaling = deployment("scaling", "faas.local/default/scaling:1");
        scaling.put("labels", Map.of("com.openfaas.scale.min", "5", "com.openfaas.scale.max", "2"));
        HttpClientResponseException minOverMax = error(authed(HttpRequest.POST("/system/functions", scaling)));
        assertEquals(400, minOverMax.getStatus().getCode());
        assertTrue(errorBody(minOverMax).get("message").toString().contains("com.openfaas.scale.min"));

        HttpClientResponseException noImage = error(authed(HttpRequest.POST("/system/functions", Map.of("service", "noimage"))));
        assertTrue(errorBody(noImage).get("message").toString().contains("image is required"));

        assertTrue(store.find(new FunctionKey("default", "neg")).isEmpty());
        assertTrue(!RUNTIME.deployed.containsKey(new FunctionKey("default", "scaling")));
    }

    @Test
    void malformedOrMissingBodiesAndUnknownRoutesAnswerApiErrors() {
        HttpClientResponseException malformed = error(authed(HttpRequest.POST("/system/functions", "{not json")
                .contentType(MediaType.APPLICATION_JSON_TYPE)));
        assertEquals(400, malformed.getStatus().getCode());
        assertTrue(errorBody(malformed).get("message").toString().contains("malformed JSON"),
                errorBody(malformed).toString());

        HttpClientResponseException missing = error(authed(HttpRequest.POST("/system/functions", "")
                .contentType(MediaType.APPLICATION_JSON_TYPE)));
        assertEquals(400, missing.getStatus().getCode());
        assertEquals(400, errorBody(missing).get("status"));

        HttpClientResponseException unknown = error(authed(HttpRequest.GET("/system/nothing-here")));
        assertEquals(404, unknown.getStatus().getCode());
        assertTrue(errorBody(unknown).get("message").toString().contains("/system/nothing-here"),
                errorBody(unknown).toString());
    }

    @Test
    void updateOfUnknownFunctionIs404() {
        HttpClientResponseException e = error(authed(HttpRequest.PUT("/system/functions",
                deployment("ghost", "faas.local/default/ghost:1"))));
        assertEquals(404, e.getStatus().getCode());
        assertEquals("function 'ghost' not found in namespace 'default'; create it with POST",
                errorBody(e).get("message"));
    }

    @Test
    void deployThenStatusThenDelete() {
        Map<String, Object> body = deployment("hello", "faas.local/default/hello:abc");
        body.put("labels", null);
        body.put("annotations", null);
        body.put("envVars", Map.of("GREETING", "hi"));
        body.put("limits", Map.of("memory", "128Mi", "cpu", "500m"));
        HttpResponse<?> created = http.toBlocking().exchange(authed(HttpRequest.POST("/system/functions", body)));
        assertEquals(HttpStatus.ACCEPTED, created.getStatus());

        Map<?, ?> status = http.toBlocking().retrieve(
                authed(HttpRequest.GET("/system/function/hello.openfaas-fn")), Map.class);
        assertEquals("hello", status.get("name"));
        assertEquals("default", status.get("namespace"));
        assertEquals("faas.local/default/hello:abc", status.get("image"));
        assertTrue(status.get("labels") == null || ((Map<?, ?>) status.get("labels")).isEmpty());
        assertEquals(Map.of("GREETING", "hi"), status.get("envVars"));
        assertEquals(7, status.get("invocationCount"));
        assertEquals("128Mi", ((Map<?, ?>) status.get("limits")).get("memory"));
        Instant.parse(status.get("createdAt").toString()); // RFC 3339, not an epoch number
        assertEquals(1, ((List<?>) status.get("instances")).size());
        assertEquals(1, ((Map<?, ?>) status.get("coldStarts")).get("count"));

        List<?> all = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/functions")), List.class);
        assertTrue(all.stream().anyMatch(f -> "hello".equals(((Map<?, ?>) f).get("name"))));

        HttpResponse<?> scaled = http.toBlocking().exchange(authed(HttpRequest.POST("/system/scale-function/hello",
                Map.of("serviceName", "hello", "replicas", 3))));
        assertEquals(HttpStatus.ACCEPTED, scaled.getStatus());
        assertEquals(3, RUNTIME.scaled.get(new FunctionKey("default", "hello")));
        assertEquals(400, error(authed(HttpRequest.POST("/system/scale-function/hello",
                Map.of("serviceName", "hello", "replicas", -1)))).getStatus().getCode());

        HttpResponse<?> deleted = http.toBlocking().exchange(authed(HttpRequest.DELETE("/system/functions",
                Map.of("functionName", "hello"))));
        assertEquals(HttpStatus.ACCEPTED, deleted.getStatus());
        assertEquals(404, error(authed(HttpRequest.GET("/system/function/hello"))).getStatus().getCode());
        assertEquals(404, error(authed(HttpRequest.DELETE("/system/functions",
                Map.of("functionName", "hello")))).getStatus().getCode());
        assertEquals(404, error(authed(HttpRequest.POST("/system/scale-function/hello",
                Map.of("serviceName", "hello", "replicas", 1)))).getStatus().getCode());
    }

    @Test
    void failedDeployAnswers422AndKeepsThePreviousSpec() {
        FunctionKey key = new FunctionKey("team-a", "stable");
        Map<String, Object> v1 = deployment("stable", "faas.local/team-a/stable:v1");
        v1.put("namespace", "team-a");
        http.toBlocking().exchange(authed(HttpRequest.POST("/system/functions", v1)));
        Instant created = store.find(key).orElseThrow().createdAt();

        RUNTIME.failNextDeploy = "cannot load handler class 'function.Handler'";
        Map<String, Object> v2 = deployment("stable", "faas.local/team-a/stable:v2");
        v2.put("namespace", "team-a");
        HttpClientResponseException e = error(authed(HttpRequest.PUT("/system/functions", v2)));
        assertEquals(422, e.getStatus().getCode());
        assertEquals("cannot load handler class 'function.Handler'", errorBody(e).get("message"));
        assertEquals("faas.local/team-a/stable:v1", store.find(key).orElseThrow().image());

        RUNTIME.failNextDeploy = "never ready";
        Map<String, Object> fresh = deployment("fresh", "faas.local/team-a/fresh:v1");
        fresh.put("namespace", "team-a");
        assertEquals(422, error(authed(HttpRequest.POST("/system/functions", fresh))).getStatus().getCode());
        assertTrue(store.find(new FunctionKey("team-a", "fresh")).isEmpty());

        http.toBlocking().exchange(authed(HttpRequest.PUT("/system/functions", v2)));
        assertEquals("faas.local/team-a/stable:v2", store.find(key).orElseThrow().image());
        assertEquals(created, store.find(key).orElseThrow().createdAt());

        List<?> namespaces = http.toBlocking().retrieve(authed(HttpRequest.GET("/system/namespaces")), List.class);
        assertTrue(namespaces.contains("default") && namespaces.contains("team-a"), namespaces.toString());
    }

    @Test
    void logsStreamAsNdjson() {
        Map<String, Object> body = deployment("chatty", "faas.local/default/chatty:1");
        http.toBlocking().exchange(authed(HttpRequest.POST("/system/functions", body)));
        RUNTIME.logLines.add(new LogLine("chatty", "default", "chatty-1", Instant.parse("2024-01-01T00:00:00Z"), "one"));
        RUNTIME.logLines.add(new LogLine("chatty", "default", "chatty-1", Instant.parse("2024-01-01T00:00:01Z"), "two"));

        HttpResponse<String> response = http.toBlocking().exchange(
                authed(HttpRequest.GET("/system/logs?name=chatty&tail=1&since=5m")), String.class);
        assertEquals("application/x-ndjson", response.getContentType().orElseThrow().getName());
        String text = response.body();
        assertTrue(text.contains("\"text\":\"two\"") && !text.contains("\"text\":\"one\""), text);
        assertTrue(text.contains("\"timestamp\":\"2024-01-01T00:00:01Z\""), text);

        assertEquals(404, error(authed(HttpRequest.GET("/system/logs?name=nobody"))).getStatus().getCode());
        assertEquals(400, error(authed(HttpRequest.GET("/system/logs?name=chatty&since=yesterday"))).getStatus().getCode());
    }
}
