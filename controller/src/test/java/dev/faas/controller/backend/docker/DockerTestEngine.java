package dev.faas.controller.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real Docker engine for tests, and a test image that keeps the function contract without our runtime:
 * statically linked busybox serving {@code httpd} on {@code $PORT} with {@code /_/health} and CGI scripts.
 * With {@code CI=true} a missing engine fails the test; otherwise the test is skipped.
 */
final class DockerTestEngine implements AutoCloseable {
    static final String HOST = "unix:///var/run/docker.sock";
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    final DockerClient docker;

    private DockerTestEngine(DockerClient docker) {
        this.docker = docker;
    }

    /** The engine, or a failed (CI) / skipped test when it does not answer. */
    static DockerTestEngine require() {
        DockerClient docker = DockerClientImpl.getInstance(
                DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(HOST).build(),
                new ZerodepDockerHttpClient.Builder().dockerHost(java.net.URI.create(HOST))
                        .connectionTimeout(Duration.ofSeconds(2)).build());
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            String why = "no Docker engine answers at " + HOST + ": " + e.getMessage();
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        if (!Files.isExecutable(BUSYBOX)) {
            String why = BUSYBOX + " is missing: install Debian's busybox-static";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        return new DockerTestEngine(docker);
    }

    /** Builds the busybox function image under a tag unique to this run; returns the tag. */
    String buildFunctionImage(Path workDir) {
        String tag = "faas-test-busybox:" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try {
            Path context = Files.createDirectories(workDir.resolve("image"));
            Files.copy(BUSYBOX, context.resolve("busybox"));
            write(context.resolve("Dockerfile"), """
                    FROM scratch
                    COPY busybox /bin/busybox
                    COPY run.sh /run.sh
                    COPY www /www
                    ENTRYPOINT ["/run.sh"]
                    """);
            // httpd in the background; the main shell waits for /tmp/hog and then fills a variable past the
            // memory limit, so the kernel OOM-kills the container's main process.
            write(context.resolve("run.sh"), """
                    #!/bin/busybox sh
                    echo "busybox function listening on ${PORT:-8080}"
                    /bin/busybox httpd -f -vv -p "${PORT:-8080}" -h /www &
                    while [ ! -e /tmp/hog ]; do /bin/busybox sleep 0.1; done
                    echo "allocating memory until the limit is hit"
                    x=$(/bin/busybox head -c 536870912 /dev/zero | /bin/busybox tr '\\000' a)
                    echo "still alive after allocating ${#x} bytes"
                    """);
            write(context.resolve("www/_/health"), "ok\n");
            write(context.resolve("www/cgi-bin/env"), cgi("/bin/busybox echo \"uid=$(/bin/busybox id -u)\"\n"
                    + "/bin/busybox env"));
            write(context.resolve("www/cgi-bin/secret"), cgi("/bin/busybox cat /var/openfaas/secrets/$QUERY_STRING"));
            write(context.resolve("www/cgi-bin/say"), cgi("echo \"said $QUERY_STRING\" >&2\necho said"));
            write(context.resolve("www/cgi-bin/hog"), cgi("/bin/busybox touch /tmp/hog\necho hogging"));
            for (Path p : List.of(context.resolve("busybox"), context.resolve("run.sh"),
                    context.resolve("www/cgi-bin/env"), context.resolve("www/cgi-bin/secret"),
                    context.resolve("www/cgi-bin/say"), context.resolve("www/cgi-bin/hog"))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        docker.buildImageCmd(workDir.resolve("image").toFile()).withTags(Set.of(tag))
                .withLabels(Map.of("dev.faas.test", "true"))
                .exec(new BuildImageResultCallback()).awaitImageId();
        return tag;
    }

    /** The containers (any state) labelled for this controller. */
    List<Container> containersOf(String controllerId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerLabels.CONTROLLER, controllerId)).exec();
    }

    /** Removes what a test left behind: the controller's containers. */
    void removeContainersOf(String controllerId) {
        for (Container c : containersOf(controllerId)) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // gone already
            }
        }
    }

    void removeImage(String tag) {
        try {
            docker.removeImageCmd(tag).withForce(true).exec();
        } catch (RuntimeException ignored) {
            // gone already
        }
    }

    private static String cgi(String body) {
        return "#!/bin/busybox sh\necho \"Content-Type: text/plain\"\necho\n" + body + "\n";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }
}
