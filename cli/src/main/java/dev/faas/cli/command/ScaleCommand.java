package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.CliException;
import dev.faas.cli.gateway.GatewayClient;
import dev.faas.cli.stack.Dns1123Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code faas scale NAME --replicas N}: sets a function's replica count. */
@Command(name = "scale", description = "Set the number of replicas of a function.")
public final class ScaleCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name")
    String name;

    @Option(names = "--replicas", required = true, description = "Number of replicas (0 scales to zero)")
    int replicas;

    public ScaleCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Dns1123Label.require("function name", name);
        if (replicas < 0) {
            throw new CliException("--replicas must be 0 or more, not " + replicas);
        }
        gateway().sendJson("POST", "/system/scale-function/" + name + GatewayClient.query("namespace", options.namespace()),
                Map.of("serviceName", name, "namespace", options.namespace(), "replicas", replicas));
        context.out().println("scaling " + name + " to " + replicas + " replica" + (replicas == 1 ? "" : "s"));
        return 0;
    }
}
