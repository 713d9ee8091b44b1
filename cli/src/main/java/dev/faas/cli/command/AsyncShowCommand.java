package dev.faas.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faas.cli.CliContext;
import dev.faas.cli.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code faas async show CALL_ID}: one call's state, attempts, last error, result and callback delivery. */
@Command(name = "show", description = "Show one asynchronous call (the X-Call-Id of its 202 answer).")
public final class AsyncShowCommand extends ContextCommand {

    @Parameters(index = "0", description = "The call id")
    String callId;

    public AsyncShowCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode call = gateway().findJson("/system/async/" + callId).orElseThrow(() -> new CliException(
                "async call '" + callId + "' not found: use the X-Call-Id of the 202 answer ('faas async list' shows recent calls)"));
        PrintWriter out = context.out();
        out.println("Call:       " + call.path("callId").asText());
        out.println("Function:   " + call.path("function").asText() + "." + call.path("namespace").asText()
                + call.path("path").asText(""));
        out.println("State:      " + call.path("state").asText());
        out.println("Attempts:   " + call.path("attempts").asInt());
        out.println("Status:     " + (call.path("resultStatus").isNumber() ? call.path("resultStatus").asText() : "-")
                + (call.path("durationMs").isNumber() ? " in " + call.path("durationMs").asLong() + " ms" : ""));
        out.println("Accepted:   " + Timestamps.text(call.path("acceptedAt")));
        out.println("Updated:    " + Timestamps.text(call.path("updatedAt")));
        if (call.path("lastError").isTextual()) {
            out.println("Last error: " + call.path("lastError").asText());
        }
        JsonNode callback = call.path("callback");
        if (callback.isObject()) {
            out.println("Callback:   " + callback.path("url").asText() + " — " + callback.path("state").asText()
                    + " after " + callback.path("attempts").asInt() + " attempt(s)"
                    + (callback.path("lastError").isTextual() ? ": " + callback.path("lastError").asText() : ""));
        }
        return 0;
    }
}
