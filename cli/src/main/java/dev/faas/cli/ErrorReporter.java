package dev.faas.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** Turns a failed command into one line on stderr ("faas: ...") and an exit code; stack traces only with --verbose. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    private final PrintWriter err;

    ErrorReporter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        boolean verbose = false;
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            verbose |= r.hasMatchedOption("--verbose");
        }
        if (ex instanceof CliException cli) {
            err.println("faas: " + cli.getMessage());
        } else {
            err.println("faas: unexpected error: " + ex + (verbose ? "" : " (run again with --verbose for details)"));
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ex instanceof CliException cli ? cli.exitCode() : 1;
    }
}
