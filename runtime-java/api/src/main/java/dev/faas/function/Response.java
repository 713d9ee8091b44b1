package dev.faas.function;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a function answers.
 *
 * @param status  the HTTP status code (100–599)
 * @param headers the response headers; keys compare case-insensitively
 * @param body    the response body; empty for none
 */
public record Response(int status, Map<String, List<String>> headers, byte[] body) {

    private static final byte[] EMPTY = new byte[0];
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";

    /** Validates the status and takes immutable copies. */
    public Response {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be between 100 and 599, got " + status);
        }
        headers = Headers.copyOf(headers);
        body = body == null ? EMPTY : body.clone();
    }

    /** 200 with a UTF-8 text body. */
    public static Response ok(String text) {
        return status(200, text);
    }

    /** 200 with a binary body ({@code application/octet-stream}). */
    public static Response ok(byte[] bytes) {
        return new Response(200, Map.of("Content-Type", List.of("application/octet-stream")), bytes);
    }

    /** 200 with a JSON body the caller has already serialised. */
    public static Response json(String json) {
        return json(200, json);
    }

    /** A JSON body with the given status. */
    public static Response json(int status, String json) {
        return new Response(status, Map.of("Content-Type", List.of(JSON)), utf8(json));
    }

    /** Any status with a UTF-8 text body (no body when {@code text} is null). */
    public static Response status(int status, String text) {
        return text == null
                ? new Response(status, Map.of(), EMPTY)
                : new Response(status, Map.of("Content-Type", List.of(TEXT)), utf8(text));
    }

    /** A copy with one more value for header {@code name}. */
    public Response withHeader(String name, String value) {
        Objects.requireNonNull(name, "header name");
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
        values.add(value == null ? "" : value);
        copy.put(name, values);
        return new Response(status, copy, body);
    }

    /** Returns a copy of the body bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header (name compared case-insensitively), or null. */
    public String header(String name) {
        return Headers.first(headers, name);
    }

    private static byte[] utf8(String s) {
        return s == null ? EMPTY : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Response r && status == r.status && headers.equals(r.headers)
                && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + body.length + " bytes]";
    }
}
