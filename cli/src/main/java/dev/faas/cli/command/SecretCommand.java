package dev.faas.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faas secret ...}: manage the secrets functions read as files. */
@Command(name = "secret", description = "Create, update, list and remove secrets.",
        subcommands = {SecretCreateCommand.class, SecretUpdateCommand.class, SecretListCommand.class,
                SecretRemoveCommand.class})
public final class SecretCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "give a secret command: create, update, list or remove (see 'faas secret --help')");
    }
}
