package dev.faas.cli.command;

import dev.faas.cli.TestConsole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformCommandsTest {

    @TempDir
    Path install;
    @TempDir
    Path home;

    private void fakeBuiltJars() throws Exception {
        for (String jar : new String[]{"controller/target/faas-controller.jar", "router/target/faas-router.jar",
                "runtime-java/server/target/faas-runtime.jar"}) {
            Files.createDirectories(install.resolve(jar).getParent());
            Files.writeString(install.resolve(jar), "not really a jar");
        }
    }

    @Test
    void upRefusesAPortTakenByAnotherProgramAndStartsNothing() throws Exception {
        fakeBuiltJars();
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int freePort = probe.getLocalPort();
            probe.close();
            TestConsole console = new TestConsole(Map.of(), home, install, null);

            int code = console.run("up", "--port", Integer.toString(busy.getLocalPort()),
                    "--controller-port", Integer.toString(freePort));

            assertEquals(1, code);
            assertTrue(console.err().contains("port " + busy.getLocalPort() + " (for the router) is already in use"),
                    console.err());
            assertFalse(Files.exists(home.resolve("run/controller.pid")), "nothing may be started");
            assertTrue(Files.exists(home.resolve("credentials")), "credentials are generated on first start");
        }
    }

    @Test
    void upRefusesAnUnknownBackend() {
        TestConsole console = new TestConsole(Map.of(), home, install, null);

        assertEquals(1, console.run("up", "--backend", "podman"));
        assertTrue(console.err().contains("unknown backend 'podman': use --backend process or --backend docker"),
                console.err());
        assertFalse(Files.exists(home.resolve("credentials")), "nothing may be started or generated");
    }

    @Test
    void upRefusesAnUnknownDockerNetwork() {
        TestConsole console = new TestConsole(Map.of("DOCKER_HOST", "unix:///nowhere"), home, install, null);

        assertEquals(1, console.run("up", "--backend", "docker", "--docker-network", "overlay"));
        assertTrue(console.err().contains("unknown Docker network 'overlay'"), console.err());
    }

    @Test
    void upWithoutBuiltJarsSaysHowToBuild() {
        TestConsole console = new TestConsole(Map.of(), home, install, null);

        assertEquals(1, console.run("up"));
        assertTrue(console.err().contains("faas-controller.jar is missing — build the platform first"), console.err());
    }

    @Test
    void downStopsTheRecordedProcessAndRemovesItsPidFile() throws Exception {
        // A stand-in whose command line names the router jar, as the real one's does.
        Process standIn = new ProcessBuilder("bash", "-c", "trap 'exit 0' TERM; while :; do sleep 0.2; done",
                "faas-router.jar").start();
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/router.pid"), standIn.pid() + "\n");
        TestConsole console = new TestConsole(Map.of(), home, install, null);

        int code = console.run("down");

        assertEquals(0, code, console.err());
        assertFalse(standIn.isAlive());
        assertFalse(Files.exists(home.resolve("run/router.pid")));
        assertEquals("stopped the router (pid " + standIn.pid() + ")\n", console.out());
    }

    @Test
    void downIgnoresAStalePidFile() throws Exception {
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/controller.pid"), ProcessHandle.current().pid() + "\n");
        TestConsole console = new TestConsole(Map.of(), home, install, null);

        assertEquals(0, console.run("down"), console.err());
        assertTrue(console.out().startsWith("faas is not running"), console.out());
        assertFalse(Files.exists(home.resolve("run/controller.pid")));
    }
}
