package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.deploy.RemoteBuilder;
import dev.faas.cli.stack.SourceArchive;
import dev.faas.cli.stack.StackFile;
import dev.faas.cli.stack.StackFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code faas build}: builds the stack's functions from source on the controller. */
@Command(name = "build", description = "Build functions of a stack file from source on the platform.")
public final class BuildCommand extends ContextCommand {

    @Option(names = {"-f", "--yaml"}, defaultValue = "stack.yml", description = "Stack file (default: ${DEFAULT-VALUE})")
    Path stackFile;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Only this function")
    String name;

    public BuildCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        StackFile stack = StackFile.read(stackFile);
        RemoteBuilder builder = new RemoteBuilder(gateway(stack.gateway()), context.out(), options.verbose());
        for (StackFunction function : stack.select(name)) {
            if (!function.hasSource()) {
                context.out().println(function.name() + ": image only (" + function.image() + "), nothing to build");
                continue;
            }
            builder.build(function.name(), function.namespaceOr(options.namespace()), function.lang(),
                    SourceArchive.of(function.handler()));
        }
        return 0;
    }
}
