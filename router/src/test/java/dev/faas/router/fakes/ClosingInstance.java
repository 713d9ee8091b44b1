package dev.faas.router.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A stand-in instance that dies mid-call: it reads the request head, then closes the socket without answering. */
public final class ClosingInstance implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;

    public ClosingInstance() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "closing-instance");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                InputStream in = client.getInputStream();
                // Read up to the end of the request head so the router has really sent the call.
                int matched = 0;
                byte[] end = {'\r', '\n', '\r', '\n'};
                int b;
                while (matched < 4 && (b = in.read()) != -1) {
                    matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
