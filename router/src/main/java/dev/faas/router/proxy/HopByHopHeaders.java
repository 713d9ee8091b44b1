package dev.faas.router.proxy;

import io.micronaut.http.MutableHttpHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Removes the headers that describe one connection (RFC 9110 7.6.1) so they are not passed on to the next hop.
 * Transfer-Encoding is left to Netty, which frames each side's body itself.
 */
final class HopByHopHeaders {
    private static final List<String> FIXED = List.of("Connection", "Keep-Alive", "Proxy-Connection",
            "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Upgrade");

    private HopByHopHeaders() {
    }

    /** Strips the hop-by-hop headers, including those the Connection header names. */
    static void strip(MutableHttpHeaders headers) {
        strip(headers.getAll("Connection"), headers::remove);
    }

    /** The same for a Netty message's headers (the fast path). */
    static void strip(io.netty.handler.codec.http.HttpHeaders headers) {
        strip(headers.getAll("Connection"), headers::remove);
    }

    private static void strip(List<String> connection, Consumer<String> remove) {
        List<String> named = new ArrayList<>();
        for (String value : connection) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !name.equals("close") && !name.equals("keep-alive")) {
                    named.add(name);
                }
            }
        }
        FIXED.forEach(remove);
        named.forEach(remove);
    }
}
