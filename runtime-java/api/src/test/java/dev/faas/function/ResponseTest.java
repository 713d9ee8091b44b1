package dev.faas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseTest {

    @Test
    void factoriesSetStatusAndContentType() {
        assertEquals(200, Response.ok("hi").status());
        assertEquals("hi", Response.ok("hi").bodyAsString());
        assertEquals("text/plain; charset=utf-8", Response.ok("hi").header("content-type"));
        assertEquals("application/octet-stream", Response.ok(new byte[] {1, 2}).header("Content-Type"));
        assertEquals("application/json", Response.json("{}").header("Content-Type"));
        assertEquals(201, Response.json(201, "{}").status());
        assertEquals(404, Response.status(404, "nope").status());
        assertEquals(0, Response.status(204, null).body().length);
        assertNull(Response.status(204, null).header("Content-Type"));
    }

    @Test
    void withHeaderReturnsACopy() {
        Response original = Response.ok("x");
        Response changed = original.withHeader("X-One", "1").withHeader("x-one", "2");

        assertNull(original.header("X-One"));
        assertEquals(List.of("1", "2"), changed.headers().get("X-ONE"));
        assertEquals("x", changed.bodyAsString());
    }

    @Test
    void rejectsImpossibleStatus() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Response.status(42, "x"));
        assertTrue(e.getMessage().contains("42"));
    }
}
