package dev.faas.controller.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free ports on 127.0.0.1 for instances to listen on. */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** A port that was free a moment ago; the instance binds it right after. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1 for a function instance", e);
        }
    }
}
