package dev.faas.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faas.cli.CliException;
import dev.faas.cli.gateway.GatewayClient;
import dev.faas.cli.gateway.GatewayException;
import dev.faas.cli.stack.SourceArchive;
import dev.faas.cli.stack.StackFile;
import dev.faas.cli.stack.StackFunction;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * Deploys stack functions: builds from source unless the running image already has this source's tag,
 * creates or updates the deployment, and waits for a ready instance. Shared by {@code deploy} and {@code up}.
 */
public final class FunctionDeployer {

    /** How long to wait for a ready instance after deploying. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final long POLL_MILLIS = 500;

    private final GatewayClient gateway;
    private final RemoteBuilder builder;
    private final PrintWriter out;

    /** With {@code verbose}, builds show their whole log. */
    public FunctionDeployer(GatewayClient gateway, PrintWriter out, boolean verbose) {
        this.gateway = gateway;
        this.builder = new RemoteBuilder(gateway, out, verbose);
        this.out = out;
    }

    /**
     * Deploys the selected functions of a stack.
     *
     * @param only             one function's name, or null for all
     * @param defaultNamespace namespace for functions whose stack entry names none
     * @param imageOverride    deploy this image instead of building, or null
     * @param waitForReady     whether to wait for a ready instance
     */
    public void deploy(StackFile stack, String only, String defaultNamespace, String imageOverride, boolean waitForReady) {
        for (StackFunction function : stack.select(only)) {
            String namespace = function.namespaceOr(defaultNamespace);
            String image = imageFor(function, namespace, imageOverride);
            apply(DeploymentRequest.of(function, namespace, image));
            out.println(function.name() + ": deployed " + image);
            out.flush();
            if (waitForReady) {
                awaitReady(function, namespace);
            }
        }
    }

    private String imageFor(StackFunction function, String namespace, String imageOverride) {
        if (imageOverride != null && !imageOverride.isBlank()) {
            return imageOverride;
        }
        if (!function.hasSource()) {
            return function.image();
        }
        SourceArchive source = SourceArchive.of(function.handler());
        Optional<String> running = runningImage(function.name(), namespace);
        if (running.isPresent() && source.tag().equals(tagOf(running.get()))) {
            out.println(function.name() + ": unchanged (" + running.get() + "), skipping the build");
            return running.get();
        }
        return builder.build(function.name(), namespace, function.lang(), source);
    }

    /** Updates the deployment, or creates it when the gateway does not know it yet. */
    private void apply(DeploymentRequest request) {
        try {
            gateway.sendJson("PUT", "/system/functions", request);
        } catch (GatewayException e) {
            if (e.status() != 404) {
                throw e;
            }
            gateway.sendJson("POST", "/system/functions", request);
        }
    }

    private Optional<String> runningImage(String name, String namespace) {
        return gateway.findJson(statusPath(name, namespace))
                .map(status -> status.path("image").asText(""))
                .filter(image -> !image.isBlank());
    }

    private void awaitReady(StackFunction function, String namespace) {
        String url = invokeUrl(gateway.baseUrl(), function.name(), namespace);
        if ("0".equals(function.labels().get("com.openfaas.scale.min"))) {
            out.println(function.name() + " starts on its first call: " + url);
            return;
        }
        out.print(function.name() + ": waiting for a ready instance");
        out.flush();
        long deadline = System.currentTimeMillis() + READY_TIMEOUT.toMillis();
        long lastDot = System.currentTimeMillis();
        while (true) {
            JsonNode status = gateway.getJson(statusPath(function.name(), namespace));
            if (status.path("availableReplicas").asInt(0) >= 1) {
                out.println();
                out.println(function.name() + " is ready: " + url);
                out.flush();
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                out.println();
                throw new CliException(function.name() + " did not become ready within " + READY_TIMEOUT.toSeconds()
                        + " s — see 'faas describe " + function.name() + "' and 'faas logs " + function.name() + "'");
            }
            if (System.currentTimeMillis() - lastDot >= 1000) {
                out.print('.');
                out.flush();
                lastDot = System.currentTimeMillis();
            }
            RemoteBuilder.sleep(POLL_MILLIS);
        }
    }

    /** {@code /system/function/NAME?namespace=NS}. */
    public static String statusPath(String name, String namespace) {
        return "/system/function/" + name + GatewayClient.query("namespace", namespace);
    }

    /** The URL that invokes a function through the gateway. */
    public static String invokeUrl(String gatewayUrl, String name, String namespace) {
        return gatewayUrl + "/function/" + name + ("default".equals(namespace) ? "" : "." + namespace);
    }

    /** The tag of an image reference ({@code repo/name:tag}), or "" when it has none. */
    static String tagOf(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "";
    }
}
