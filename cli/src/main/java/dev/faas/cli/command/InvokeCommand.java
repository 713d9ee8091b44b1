package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.CliException;
import dev.faas.cli.stack.Dns1123Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code faas invoke NAME}: calls a function with stdin as the body and prints the answer. */
@Command(name = "invoke", description = "Call a function; standard input (when not a terminal) is the request body.")
public final class InvokeCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name")
    String name;

    @Option(names = {"-m", "--method"}, defaultValue = "POST", description = "HTTP method (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--path", defaultValue = "", description = "Path after /function/NAME, e.g. /items?x=1")
    String path;

    @Option(names = {"-H", "--header"}, paramLabel = "KEY=VALUE", description = "Request header (repeatable)")
    List<String> headers = List.of();

    public InvokeCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws IOException {
        Dns1123Label.require("function name", name);
        String target = "/function/" + name + (options.explicitNamespace() == null ? "" : "." + options.namespace())
                + (path.isEmpty() || path.startsWith("/") || path.startsWith("?") ? path : "/" + path);
        byte[] body = context.stdinIsTty() ? null : context.in().readAllBytes();
        HttpResponse<InputStream> response = gateway().invoke(method.toUpperCase(), target, parseHeaders(), body);
        String answer;
        try (InputStream in = response.body()) {
            answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
        if (ok) {
            context.out().print(answer);
            context.out().flush();
            return 0;
        }
        context.err().print(answer);
        if (!answer.isEmpty() && !answer.endsWith("\n")) {
            context.err().println();
        }
        context.err().println("faas: " + name + " answered HTTP " + response.statusCode());
        context.err().flush();
        return 1;
    }

    private Map<String, String> parseHeaders() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String header : headers) {
            int eq = header.indexOf('=');
            if (eq <= 0) {
                throw new CliException("header '" + header + "' must look like KEY=VALUE, e.g. -H Content-Type=text/plain");
            }
            parsed.put(header.substring(0, eq).trim(), header.substring(eq + 1));
        }
        return parsed;
    }
}
