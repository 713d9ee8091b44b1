package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.platform.BackgroundProcesses;
import dev.faas.cli.platform.FaasHome;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code faas down}: stops the router and the controller started by {@code faas up}. */
@Command(name = "down", description = "Stop the platform started with 'faas up'.")
public final class DownCommand extends ContextCommand {

    private static final Duration GRACE = Duration.ofSeconds(15);
    /** The router answers the calls in flight first, for up to its drain timeout (60 s by default). */
    private static final Duration ROUTER_GRACE = Duration.ofSeconds(75);

    public DownCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        BackgroundProcesses processes = new BackgroundProcesses(new FaasHome(context.faasHome()));
        boolean stoppedAny = false;
        // The router first, so no new calls arrive while the controller stops the instances.
        for (String name : List.of("router", "controller")) {
            Optional<Long> pid = processes.stop(name, name.equals("router") ? ROUTER_GRACE : GRACE);
            if (pid.isPresent()) {
                context.out().println("stopped the " + name + " (pid " + pid.get() + ")");
                stoppedAny = true;
            }
        }
        if (!stoppedAny) {
            context.out().println("faas is not running (no live processes recorded in " + context.faasHome().resolve("run") + ")");
        }
        return 0;
    }
}
