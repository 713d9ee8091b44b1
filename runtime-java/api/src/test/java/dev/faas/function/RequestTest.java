package dev.faas.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTest {

    @Test
    void headersAreCaseInsensitiveAndImmutable() {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Content-Type", List.of("text/plain"));
        headers.put("x-many", List.of("a", "b"));
        Request request = new Request("POST", "/items", "", headers, new byte[0]);
        headers.put("X-Late", List.of("changed"));

        assertEquals("text/plain", request.header("content-type"));
        assertEquals("a", request.header("X-MANY"));
        assertEquals(List.of("a", "b"), request.headers().get("X-Many"));
        assertNull(request.header("X-Late"));
        assertNull(request.header("missing"));
        assertThrows(UnsupportedOperationException.class, () -> request.headers().put("a", List.of()));
    }

    @Test
    void bodyIsCopiedAndDecodedAsUtf8() {
        byte[] bytes = "grüße".getBytes(StandardCharsets.UTF_8);
        Request request = new Request("POST", "/", "", Map.of(), bytes);
        bytes[0] = 'X';
        request.body()[0] = 'Y';

        assertEquals("grüße", request.bodyAsString());
        assertArrayEquals("grüße".getBytes(StandardCharsets.UTF_8), request.body());
    }

    @Test
    void queryParametersAreDecoded() {
        Request request = Request.of("GET", "/search?q=hello%20world&flag&n=1&q=second");

        assertEquals("/search", request.path());
        assertEquals("q=hello%20world&flag&n=1&q=second", request.query());
        assertEquals("hello world", request.queryParameter("q"));
        assertEquals("", request.queryParameter("flag"));
        assertEquals("1", request.queryParameter("n"));
        assertNull(request.queryParameter("absent"));
        assertNull(Request.of("GET", "/").queryParameter("q"));
    }

    @Test
    void missingPartsGetDefaults() {
        Request request = new Request(null, "", null, null, null);

        assertEquals("GET", request.method());
        assertEquals("/", request.path());
        assertEquals("", request.query());
        assertEquals(0, request.body().length);
    }

    @Test
    void equalRequestsCompareByContent() {
        assertEquals(Request.of("POST", "/a?b=1", "x"), Request.of("POST", "/a?b=1", "x"));
        assertEquals(Request.of("POST", "/a?b=1", "x").hashCode(), Request.of("POST", "/a?b=1", "x").hashCode());
    }
}
