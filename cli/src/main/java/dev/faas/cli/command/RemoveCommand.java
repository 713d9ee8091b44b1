package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.stack.Dns1123Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code faas remove NAME}: deletes a function and stops its instances. */
@Command(name = "remove", aliases = "rm", description = "Remove a deployed function.")
public final class RemoveCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name")
    String name;

    public RemoveCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Dns1123Label.require("function name", name);
        gateway().sendJson("DELETE", "/system/functions", Map.of("functionName", name, "namespace", options.namespace()));
        context.out().println("removed " + name);
        return 0;
    }
}
