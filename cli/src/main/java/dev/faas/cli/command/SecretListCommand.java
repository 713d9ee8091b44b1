package dev.faas.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faas.cli.CliContext;
import dev.faas.cli.gateway.GatewayClient;
import picocli.CommandLine.Command;

/** {@code faas secret list}: the secrets' names in a namespace (values are never shown). */
@Command(name = "list", aliases = "ls", description = "List secret names.")
public final class SecretListCommand extends ContextCommand {

    public SecretListCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode secrets = gateway().getJson("/system/secrets" + GatewayClient.query("namespace", options.namespace()));
        context.out().println("NAME");
        for (JsonNode secret : secrets) {
            context.out().println(secret.path("name").asText());
        }
        return 0;
    }
}
