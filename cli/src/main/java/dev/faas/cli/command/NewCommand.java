package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.stack.Dns1123Label;
import dev.faas.cli.stack.StackFileWriter;
import dev.faas.cli.template.TemplateCopier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code faas new NAME}: a function project from a template, plus its stack file. */
@Command(name = "new", description = "Create a function project from a template and a NAME.yml stack file.")
public final class NewCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name (DNS-1123 label)")
    String name;

    @Option(names = {"-t", "--template"}, defaultValue = "java", description = "Template (default: ${DEFAULT-VALUE})")
    String template;

    @Option(names = "--dir", defaultValue = ".", description = "Directory to create the project in (default: current)")
    Path dir;

    public NewCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Dns1123Label.require("function name", name);
        TemplateCopier templates = new TemplateCopier(context.requireInstallDir().resolve("templates"));
        Path project = dir.resolve(name);
        templates.copy(template, project, name);
        Path stackFile = dir.resolve(name + ".yml");
        StackFileWriter.addFunction(stackFile, options.gatewayUrl(context, null), name, template, "./" + name);
        context.out().println("created " + project + " from template '" + template + "' and stack file " + stackFile);
        context.out().println("deploy it with: ./faas deploy -f " + stackFile);
        return 0;
    }
}
