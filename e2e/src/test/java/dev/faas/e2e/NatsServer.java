package dev.faas.e2e;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server -js} (Debian package) on a free loopback port with its own store, as the controller
 * tests' {@code testsupport.NatsServer}. Without the binary a test fails when {@code CI=true} and is skipped otherwise.
 */
final class NatsServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private NatsServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server with JetStream on in {@code store} and waits until it accepts connections. */
    static NatsServer start(Path store) throws IOException, InterruptedException {
        String binary = find();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(store);
        Path log = store.resolve("nats.log");
        Process process = new ProcessBuilder(List.of(binary, "-js", "-a", "127.0.0.1", "-p", String.valueOf(port),
                "-sd", store.resolve("js").toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        NatsServer server = new NatsServer(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        server.close();
        throw new IllegalStateException("nats-server did not listen on " + port + ": " + Files.readString(log));
    }

    private static String find() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin").split(":")) {
            File candidate = new File(dir, "nats-server");
            if (!dir.isEmpty() && candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        String why = "nats-server is not installed (apt-get install -y nats-server)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(why + "; CI=true, so this test fails instead of skipping");
        }
        Assumptions.abort(why);
        return null;
    }

    /** {@code nats://127.0.0.1:<port>}. */
    String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
