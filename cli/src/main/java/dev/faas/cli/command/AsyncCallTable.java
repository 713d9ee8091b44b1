package dev.faas.cli.command;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;

/** Prints asynchronous call records (from {@code /system/async}) as a table, one call per line. */
final class AsyncCallTable {
    private static final String FORMAT = "%-30s %-22s %-12s %-8s %-7s %-25s %s%n";

    private AsyncCallTable() {
    }

    /** Header and one line per call; {@code LAST ERROR} is the reason of the last failed attempt. */
    static void print(PrintWriter out, JsonNode calls) {
        out.printf(FORMAT, "CALL ID", "FUNCTION", "STATE", "ATTEMPTS", "STATUS", "ACCEPTED", "LAST ERROR");
        for (JsonNode call : calls) {
            out.printf(FORMAT, call.path("callId").asText(),
                    call.path("function").asText() + "." + call.path("namespace").asText(),
                    call.path("state").asText(), call.path("attempts").asInt(),
                    call.path("resultStatus").isNumber() ? call.path("resultStatus").asText() : "-",
                    Timestamps.text(call.path("acceptedAt")),
                    call.path("lastError").isTextual() ? call.path("lastError").asText() : "");
        }
    }
}
