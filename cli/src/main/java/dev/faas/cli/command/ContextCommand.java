package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.GlobalOptions;
import dev.faas.cli.gateway.GatewayClient;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** Base of every subcommand: the injected context, the global options and a gateway client built from them. */
abstract class ContextCommand implements Callable<Integer> {

    protected final CliContext context;

    @Mixin
    protected GlobalOptions options;

    ContextCommand(CliContext context) {
        this.context = context;
    }

    /** A gateway client for --gateway / $FAAS_GATEWAY / the default. */
    protected GatewayClient gateway() {
        return gateway(null);
    }

    /** A gateway client, using the stack file's gateway when neither --gateway nor $FAAS_GATEWAY is set. */
    protected GatewayClient gateway(String stackGateway) {
        return GatewayClient.connect(context, options.gatewayUrl(context, stackGateway));
    }
}
