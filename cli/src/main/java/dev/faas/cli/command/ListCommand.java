package dev.faas.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faas.cli.CliContext;
import dev.faas.cli.gateway.GatewayClient;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

/** {@code faas list}: the deployed functions as a table. */
@Command(name = "list", aliases = "ls", description = "List deployed functions.")
public final class ListCommand extends ContextCommand {

    public ListCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode functions = gateway().getJson("/system/functions" + GatewayClient.query("namespace", options.namespace()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"NAME", "IMAGE", "INVOCATIONS", "REPLICAS"});
        for (JsonNode f : functions) {
            rows.add(new String[]{f.path("name").asText(), f.path("image").asText(),
                    Long.toString(f.path("invocationCount").asLong()),
                    f.path("availableReplicas").asInt() + "/" + f.path("replicas").asInt()});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            context.out().printf("%-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2] + "s  %s%n",
                    row[0], row[1], row[2], row[3]);
        }
        return 0;
    }
}
