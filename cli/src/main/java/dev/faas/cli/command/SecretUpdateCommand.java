package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import picocli.CommandLine.Command;

/** {@code faas secret update NAME}: replaces a secret's value; functions see it once redeployed. */
@Command(name = "update", description = "Change a secret's value; redeploy the functions that use it to pick it up.")
public final class SecretUpdateCommand extends SecretValueCommand {

    public SecretUpdateCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        gateway().sendJson("PUT", "/system/secrets", requestBody());
        context.out().println("updated secret " + name + " (redeploy the functions that use it to pick up the new value)");
        return 0;
    }
}
