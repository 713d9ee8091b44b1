package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.CliException;
import dev.faas.cli.deploy.FunctionDeployer;
import dev.faas.cli.stack.StackFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code faas deploy}: builds when the source changed, deploys, and waits for a ready instance. */
@Command(name = "deploy", description = "Build (if needed) and deploy functions of a stack file.")
public final class DeployCommand extends ContextCommand {

    @Option(names = {"-f", "--yaml"}, defaultValue = "stack.yml", description = "Stack file (default: ${DEFAULT-VALUE})")
    Path stackFile;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Only this function")
    String name;

    @Option(names = "--image", description = "Deploy this image instead of building from source")
    String image;

    @Option(names = "--no-wait", description = "Do not wait for a ready instance")
    boolean noWait;

    public DeployCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        StackFile stack = StackFile.read(stackFile);
        if (image != null && name == null && stack.functions().size() > 1) {
            throw new CliException("--image applies to one function: name it, e.g. 'faas deploy -f "
                    + stackFile + " " + stack.functions().keySet().iterator().next() + " --image " + image + "'");
        }
        new FunctionDeployer(gateway(stack.gateway()), context.out(), options.verbose())
                .deploy(stack, name, options.namespace(), image, !noWait);
        return 0;
    }
}
