package dev.faas.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faas.cli.CliContext;
import dev.faas.cli.deploy.FunctionDeployer;
import dev.faas.cli.gateway.GatewayClient;
import dev.faas.cli.stack.Dns1123Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;

/** {@code faas describe NAME}: status, replicas, invocations and cold starts of one function. */
@Command(name = "describe", description = "Show a function's status, replicas and cold starts.")
public final class DescribeCommand extends ContextCommand {

    private static final int RECENT_COLD_STARTS = 5;
    private static final int RECENT_EVENTS = 8;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name")
    String name;

    public DescribeCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Dns1123Label.require("function name", name);
        GatewayClient gateway = gateway();
        JsonNode f = gateway.getJson(FunctionDeployer.statusPath(name, options.namespace()));
        PrintWriter out = context.out();
        String namespace = f.path("namespace").asText(options.namespace());
        int replicas = f.path("replicas").asInt();
        int available = f.path("availableReplicas").asInt();
        out.printf("%-13s %s%n", "Name:", f.path("name").asText(name));
        out.printf("%-13s %s%n", "Namespace:", namespace);
        out.printf("%-13s %s%n", "Image:", f.path("image").asText());
        if (!f.path("imageDigest").asText("").isEmpty()) {
            out.printf("%-13s %s%n", "Digest:", f.path("imageDigest").asText());
        }
        out.printf("%-13s %s%n", "Status:", available > 0 ? "Ready" : replicas == 0 ? "Scaled to zero" : "Not ready");
        out.printf("%-13s %d/%d available%n", "Replicas:", available, replicas);
        out.printf("%-13s %d%n", "Invocations:", f.path("invocationCount").asLong());
        out.printf("%-13s %s%n", "URL:", FunctionDeployer.invokeUrl(gateway.baseUrl(), name, namespace));
        printMap(out, "Labels:", f.path("labels"));
        printColdStarts(out, f.path("coldStarts"));
        printTriggers(out, f.path("triggers"));
        printEvents(out, f.path("events"));
        return 0;
    }

    /** Cron, NATS and Kafka triggers with their counts, lag and last error. */
    private static void printTriggers(PrintWriter out, JsonNode triggers) {
        if (!triggers.isArray() || triggers.isEmpty()) {
            return;
        }
        out.println("Triggers:");
        for (JsonNode t : triggers) {
            out.printf("  %-6s %s  delivered %d, failed %d%s%s%n", t.path("kind").asText(), t.path("source").asText(),
                    t.path("delivered").asLong(), t.path("failed").asLong(),
                    t.path("lag").isNumber() ? ", lag " + t.path("lag").asLong() : "",
                    t.path("lastError").isTextual() ? "; last error: " + t.path("lastError").asText() : "");
        }
    }

    private static void printMap(PrintWriter out, String title, JsonNode map) {
        if (!map.isObject() || map.isEmpty()) {
            out.printf("%-13s -%n", title);
            return;
        }
        out.println(title);
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.println("  " + e.getKey() + "=" + e.getValue().asText());
        }
    }

    private static void printColdStarts(PrintWriter out, JsonNode coldStarts) {
        long count = coldStarts.path("count").asLong(0);
        if (count == 0) {
            out.printf("%-13s none yet%n", "Cold starts:");
            return;
        }
        long pooled = coldStarts.path("pooled").asLong(0);
        out.printf("%-13s %d (p50 %s ms, p99 %s ms)%s%n", "Cold starts:", count,
                millis(coldStarts.path("p50Ms")), millis(coldStarts.path("p99Ms")),
                pooled > 0 ? ", " + pooled + " of the recent ones from the prewarmed pool" : "");
        StringBuilder perPhase = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = coldStarts.path("phases").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            perPhase.append(perPhase.isEmpty() ? "" : ", ").append(p.getKey()).append(' ')
                    .append(millis(p.getValue().path("p50Ms"))).append('/').append(millis(p.getValue().path("p99Ms")));
        }
        if (!perPhase.isEmpty()) {
            out.printf("  phases p50/p99 ms: %s%n", perPhase);
        }
        JsonNode recent = coldStarts.path("recent");
        int from = Math.max(0, recent.size() - RECENT_COLD_STARTS);
        for (int i = from; i < recent.size(); i++) {
            JsonNode c = recent.get(i);
            StringBuilder phases = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("phases").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                phases.append(phases.isEmpty() ? "" : ", ").append(p.getKey()).append(' ').append(millis(p.getValue()));
            }
            out.printf("  %s  %s  total %s ms  [%s]%s%n", Timestamps.text(c.path("startedAt")), c.path("id").asText("?"),
                    millis(c.path("totalMs")), phases, c.path("pooled").asBoolean(false) ? "  pooled" : "");
        }
    }

    /** The latest instance events, so that a crash and its reason (e.g. OOMKilled) are seen where users look. */
    private static void printEvents(PrintWriter out, JsonNode events) {
        if (!events.isArray() || events.isEmpty()) {
            return;
        }
        out.println("Events:");
        for (int i = Math.max(0, events.size() - RECENT_EVENTS); i < events.size(); i++) {
            JsonNode e = events.get(i);
            String reason = e.hasNonNull("reason") ? "  " + e.path("reason").asText() : "";
            out.printf("  %s  %-8s %s%s%n", Timestamps.text(e.path("at")), e.path("type").asText(),
                    e.path("instance").asText(), reason);
        }
    }

    private static String millis(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "-";
        }
        return value.isIntegralNumber() ? value.asText() : String.format("%.1f", value.asDouble());
    }
}
