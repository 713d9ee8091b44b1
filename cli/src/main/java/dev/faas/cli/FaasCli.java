package dev.faas.cli;

import dev.faas.cli.command.AsyncCommand;
import dev.faas.cli.command.BuildCommand;
import dev.faas.cli.command.DeployCommand;
import dev.faas.cli.command.DescribeCommand;
import dev.faas.cli.command.DownCommand;
import dev.faas.cli.command.InvokeCommand;
import dev.faas.cli.command.ListCommand;
import dev.faas.cli.command.LogsCommand;
import dev.faas.cli.command.NewCommand;
import dev.faas.cli.command.RemoveCommand;
import dev.faas.cli.command.ScaleCommand;
import dev.faas.cli.command.SecretCommand;
import dev.faas.cli.command.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code faas} command: entry point that wires the subcommands, the context and error reporting. */
@Command(name = "faas", mixinStandardHelpOptions = true, version = "faas 0.1.0",
        description = "Run serverless Java functions on this machine.",
        subcommands = {UpCommand.class, DownCommand.class, NewCommand.class, BuildCommand.class, DeployCommand.class,
                InvokeCommand.class, ListCommand.class, DescribeCommand.class, LogsCommand.class, RemoveCommand.class,
                ScaleCommand.class, SecretCommand.class, AsyncCommand.class})
public final class FaasCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command, e.g. 'faas up' (see 'faas --help')");
    }

    public static void main(String[] args) {
        System.exit(execute(CliContext.fromSystem(), args));
    }

    /** Runs one command line in the given context and returns its exit code. */
    public static int execute(CliContext context, String... args) {
        CommandLine commandLine = new CommandLine(new FaasCli(), new CommandFactory(context));
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setExecutionExceptionHandler(new ErrorReporter(context.err()));
        try {
            return commandLine.execute(args);
        } finally {
            context.out().flush();
            context.err().flush();
        }
    }
}
