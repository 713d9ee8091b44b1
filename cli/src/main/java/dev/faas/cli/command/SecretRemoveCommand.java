package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code faas secret remove NAME}: deletes a secret no deployed function uses. */
@Command(name = "remove", aliases = "rm", description = "Remove a secret.")
public final class SecretRemoveCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "Secret name")
    String name;

    public SecretRemoveCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        gateway().sendJson("DELETE", "/system/secrets", Map.of("name", name, "namespace", options.namespace()));
        context.out().println("removed secret " + name);
        return 0;
    }
}
