package dev.faas.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faas async ...}: look at asynchronous calls and their dead letters. */
@Command(name = "async", description = "Show asynchronous calls (POST /async-function/...) and dead letters.",
        subcommands = {AsyncListCommand.class, AsyncShowCommand.class, AsyncDeadLettersCommand.class})
public final class AsyncCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "give an async command: list, show or dead-letters (see 'faas async --help')");
    }
}
