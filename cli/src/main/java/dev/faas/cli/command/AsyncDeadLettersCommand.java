package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.gateway.GatewayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faas async dead-letters}: calls that failed every attempt, with their last error. */
@Command(name = "dead-letters", description = "List asynchronous calls that failed every attempt.")
public final class AsyncDeadLettersCommand extends ContextCommand {

    @Option(names = "--limit", defaultValue = "50", description = "At most this many calls (default 50)")
    int limit;

    public AsyncDeadLettersCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        AsyncCallTable.print(context.out(), gateway().getJson("/system/async/dead-letters"
                + GatewayClient.query("limit", String.valueOf(limit))));
        return 0;
    }
}
