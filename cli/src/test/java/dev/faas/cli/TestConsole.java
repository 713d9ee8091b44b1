package dev.faas.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in-process against captured output, a given environment and temp directories. */
public final class TestConsole {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CliContext context;

    public TestConsole(Map<String, String> env, Path faasHome, Path installDir, String stdin) {
        this.context = new CliContext(env, faasHome, installDir, new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8)),
                stdin == null);
    }

    /** Runs {@code faas args...} and returns the exit code. */
    public int run(String... args) {
        return FaasCli.execute(context, args);
    }

    public CliContext context() {
        return context;
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }
}
