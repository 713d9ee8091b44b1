package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.gateway.GatewayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faas async list [FUNCTION] [--state S]}: recent asynchronous calls, newest first. */
@Command(name = "list", aliases = "ls", description = "List recent asynchronous calls, newest first.")
public final class AsyncListCommand extends ContextCommand {

    @Parameters(index = "0", arity = "0..1", description = "Only calls of this function")
    String function;

    @Option(names = "--state", description = "queued, running, retrying, completed or dead-letter")
    String state;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many calls (default 50)")
    int limit;

    public AsyncListCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        String qualified = function == null ? null
                : function.contains(".") ? function : function + "." + options.namespace();
        AsyncCallTable.print(context.out(), gateway().getJson("/system/async"
                + GatewayClient.query("function", qualified, "state", state, "limit", String.valueOf(limit))));
        return 0;
    }
}
