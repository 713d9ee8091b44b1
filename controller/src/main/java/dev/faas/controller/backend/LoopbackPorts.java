package dev.faas.controller.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks free ports on 127.0.0.1 for instances to listen on. The kernel may hand the same free port to two probes
 * in a row, and an instance binds its port only when it has started; so a port given out is not given again for a
 * while, or two instances started together could be told the same port and one would fail to bind.
 */
public final class LoopbackPorts {
    private static final Duration RESERVED_FOR = Duration.ofSeconds(60);
    private static final int ATTEMPTS = 50;
    private static final Map<Integer, Long> GIVEN = new ConcurrentHashMap<>();

    private LoopbackPorts() {
    }

    /** A port that was free a moment ago and was not given out in the last minute; the instance binds it next. */
    public static int free() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = probe();
            long now = System.nanoTime();
            GIVEN.values().removeIf(at -> now - at > RESERVED_FOR.toNanos());
            if (GIVEN.putIfAbsent(port, now) == null) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 for a function instance after " + ATTEMPTS
                + " tries: too many instances started in the last minute?");
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1 for a function instance", e);
        }
    }
}
