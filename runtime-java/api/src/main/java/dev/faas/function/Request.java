package dev.faas.function;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP call to a function.
 *
 * @param method  the HTTP method, e.g. {@code GET}
 * @param path    the path below the function, e.g. {@code /items} ({@code /} for the function itself)
 * @param query   the raw query string without {@code ?}; empty when there is none
 * @param headers the request headers; keys compare case-insensitively
 * @param body    the request body; empty when there is none
 */
public record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

    private static final byte[] EMPTY = new byte[0];

    /** Normalises nulls and takes immutable copies so a request can be shared between threads. */
    public Request {
        method = method == null ? "GET" : method;
        path = path == null || path.isEmpty() ? "/" : path;
        query = query == null ? "" : query;
        headers = Headers.copyOf(headers);
        body = body == null ? EMPTY : body.clone();
    }

    /** A body-less request, handy in tests: {@code Request.of("GET", "/items?id=1")}. */
    public static Request of(String method, String pathAndQuery) {
        return of(method, pathAndQuery, Map.of(), EMPTY);
    }

    /** A request with a UTF-8 text body, handy in tests. */
    public static Request of(String method, String pathAndQuery, String body) {
        return of(method, pathAndQuery, Map.of(), body == null ? EMPTY : body.getBytes(StandardCharsets.UTF_8));
    }

    /** A request from a path that may carry a {@code ?query}. */
    public static Request of(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
        String target = pathAndQuery == null ? "/" : pathAndQuery;
        int q = target.indexOf('?');
        return q < 0
                ? new Request(method, target, "", headers, body)
                : new Request(method, target.substring(0, q), target.substring(q + 1), headers, body);
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

    /** The first value of a query parameter, URL-decoded; {@code ""} for a bare {@code ?flag}; null if absent. */
    public String queryParameter(String name) {
        if (query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Request r && method.equals(r.method) && path.equals(r.path) && query.equals(r.query)
                && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, query, headers) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Request[" + method + " " + path + (query.isEmpty() ? "" : "?" + query) + ", " + body.length + " bytes]";
    }
}
