package dev.faas.cli;

import picocli.CommandLine.Option;

/** Options every command accepts: where the gateway is, which namespace, and how much to say on failure. */
public class GlobalOptions {

    /** The gateway URL used when nothing else names one. */
    public static final String DEFAULT_GATEWAY = "http://127.0.0.1:8080";

    @Option(names = {"-g", "--gateway"}, description = "Gateway URL (env FAAS_GATEWAY; default " + DEFAULT_GATEWAY + ")")
    String gateway;

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: default)")
    String namespace;

    @Option(names = "--verbose", description = "Print stack traces on errors")
    boolean verbose;

    /** The gateway URL: --gateway, else $FAAS_GATEWAY, else the stack file's provider.gateway, else the default. */
    public String gatewayUrl(CliContext context, String fromStackFile) {
        String url = gateway;
        if (url == null) {
            url = context.envValue("FAAS_GATEWAY");
        }
        if (url == null && fromStackFile != null && !fromStackFile.isBlank()) {
            url = fromStackFile;
        }
        if (url == null) {
            url = DEFAULT_GATEWAY;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The namespace given with --namespace, or {@code default}. */
    public String namespace() {
        return namespace == null || namespace.isBlank() ? "default" : namespace;
    }

    /** The namespace given with --namespace, or null when the option was not given. */
    public String explicitNamespace() {
        return namespace;
    }

    /** Whether --verbose was given. */
    public boolean verbose() {
        return verbose;
    }
}
