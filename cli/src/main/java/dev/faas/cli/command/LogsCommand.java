package dev.faas.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faas.cli.CliContext;
import dev.faas.cli.DurationText;
import dev.faas.cli.gateway.GatewayClient;
import dev.faas.cli.stack.Dns1123Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.Instant;

/** {@code faas logs NAME}: the output of a function's instances. */
@Command(name = "logs", description = "Print a function's logs.")
public final class LogsCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name")
    String name;

    @Option(names = "--tail", description = "Only the last N lines")
    Integer tail;

    @Option(names = "--since", description = "Only lines newer than this, e.g. 5m or 1h")
    String since;

    @Option(names = {"--follow", "-f"}, description = "Keep printing new lines")
    boolean follow;

    public LogsCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Dns1123Label.require("function name", name);
        // OpenFaaS takes 'since' as an RFC 3339 time, so the duration is turned into one here.
        String sinceTime = since == null ? null : Instant.now().minus(DurationText.parse("--since", since)).toString();
        String path = "/system/logs" + GatewayClient.query("name", name, "namespace", options.namespace(),
                "tail", tail == null ? null : tail.toString(), "since", sinceTime, "follow", Boolean.toString(follow));
        gateway().streamLines(path, line -> {
            context.out().println(format(line));
            context.out().flush();
        });
        return 0;
    }

    /** {@code timestamp instance text} from one JSON log line; anything else is printed as it came. */
    static String format(String line) {
        if (line.isBlank()) {
            return line;
        }
        try {
            JsonNode entry = GatewayClient.json().readTree(line);
            if (entry == null || !entry.isObject()) {
                return line;
            }
            return Timestamps.text(entry.path("timestamp")) + " " + entry.path("instance").asText("") + " "
                    + entry.path("text").asText("");
        } catch (IOException notJson) {
            return line;
        }
    }
}
