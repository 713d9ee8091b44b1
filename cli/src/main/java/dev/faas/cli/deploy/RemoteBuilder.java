package dev.faas.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faas.cli.CliException;
import dev.faas.cli.gateway.GatewayClient;
import dev.faas.cli.stack.SourceArchive;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** Builds a function on the controller: uploads the source zip, streams the build log, reports the image. */
public final class RemoteBuilder {

    private static final long POLL_MILLIS = 300;
    private static final long FINISH_TIMEOUT_MILLIS = 60_000;
    /** Terminal colour/cursor sequences (Maven's ANSI output); meaningless once each line is prefixed. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final GatewayClient gateway;
    private final PrintWriter out;
    private final boolean verbose;

    /** With {@code verbose}, the whole build log is shown; otherwise its progress only. */
    public RemoteBuilder(GatewayClient gateway, PrintWriter out, boolean verbose) {
        this.gateway = gateway;
        this.out = out;
        this.verbose = verbose;
    }

    /**
     * Builds and returns the resulting image reference; a failed build is a {@link CliException}. {@code template}
     * is the stack file's {@code lang} (may be null); the controller labels the image with it.
     */
    public String build(String name, String namespace, String template, SourceArchive source) {
        out.printf("%s: building from source (%d KiB, tag %s)%n", name, Math.max(1, source.bytes().length / 1024), source.tag());
        out.flush();
        JsonNode started = gateway.jsonOf(gateway.send("POST",
                "/system/builds" + GatewayClient.query("name", name, "namespace", namespace, "template", template),
                source.bytes(), "application/zip"));
        String id = started.path("id").asText("");
        if (id.isEmpty()) {
            throw new CliException("the gateway accepted the build of '" + name + "' but returned no build id");
        }
        String path = "/system/builds/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        gateway.streamLines(path + "/logs", line -> {
            String plain = ANSI.matcher(line).replaceAll("");
            (verbose ? Optional.of(plain) : BuildProgress.condense(plain)).ifPresent(shown -> {
                out.println("[" + name + "] " + shown);
                out.flush();
            });
        });
        JsonNode result = awaitFinished(name, path);
        if (!"succeeded".equals(result.path("status").asText())) {
            String error = result.path("error").asText("");
            throw new CliException("build of '" + name + "' failed" + (error.isBlank() ? "" : ": " + error)
                    + " — see the build log above");
        }
        String image = result.path("image").asText("");
        if (image.isBlank()) {
            throw new CliException("build of '" + name + "' succeeded but the gateway reported no image");
        }
        out.println(name + ": built " + image);
        return image;
    }

    /** The log stream ends with the build, but the status may lag a moment behind it. */
    private JsonNode awaitFinished(String name, String path) {
        long deadline = System.currentTimeMillis() + FINISH_TIMEOUT_MILLIS;
        while (true) {
            JsonNode status = gateway.getJson(path);
            if (!"running".equals(status.path("status").asText())) {
                return status;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new CliException("build of '" + name + "' is still running after its log ended — check "
                        + "'GET " + path + "' later");
            }
            sleep(POLL_MILLIS);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", e);
        }
    }
}
