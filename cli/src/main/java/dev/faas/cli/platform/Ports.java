package dev.faas.cli.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Whether a loopback port can be listened on. */
public final class Ports {

    private Ports() {
    }

    /** True when nothing listens on 127.0.0.1:port. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
