package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.CliException;
import dev.faas.cli.gateway.GatewayException;
import picocli.CommandLine.Command;

/** {@code faas secret create NAME}: stores a new secret. */
@Command(name = "create", description = "Create a secret (value from --from-literal, --from-file or stdin).")
public final class SecretCreateCommand extends SecretValueCommand {

    public SecretCreateCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        try {
            gateway().sendJson("POST", "/system/secrets", requestBody());
        } catch (GatewayException e) {
            if (e.status() == 409) {
                throw new CliException("secret '" + name + "' already exists in namespace '" + options.namespace()
                        + "'; change its value with `faas secret update " + name + "`", e);
            }
            throw e;
        }
        context.out().println("created secret " + name);
        return 0;
    }
}
