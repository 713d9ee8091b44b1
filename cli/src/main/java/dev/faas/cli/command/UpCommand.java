package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.CliException;
import dev.faas.cli.DurationText;
import dev.faas.cli.deploy.FunctionDeployer;
import dev.faas.cli.gateway.Credentials;
import dev.faas.cli.gateway.GatewayClient;
import dev.faas.cli.platform.BackendChoice;
import dev.faas.cli.platform.BackgroundProcesses;
import dev.faas.cli.platform.FaasHome;
import dev.faas.cli.platform.HealthProbe;
import dev.faas.cli.platform.Installation;
import dev.faas.cli.platform.Ports;
import dev.faas.cli.platform.ServiceSpec;
import dev.faas.cli.stack.StackFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code faas up}: starts the controller and the router in the background and deploys the examples. */
@Command(name = "up", description = "Start the platform (controller + router) in the background.")
public final class UpCommand extends ContextCommand {

    private static final long START_TIMEOUT_MILLIS = 120_000;
    private static final long POLL_MILLIS = 250;

    @Option(names = "--port", defaultValue = "8080", description = "Gateway (router) port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--controller-port", defaultValue = "8081", description = "Controller port (default: ${DEFAULT-VALUE})")
    int controllerPort;

    @Option(names = "--idle-timeout", defaultValue = "5m",
            description = "Scale a function to zero after this long without calls (default: ${DEFAULT-VALUE})")
    String idleTimeout;

    @Option(names = "--backend", defaultValue = "process",
            description = "Where function instances run: process (local JVMs) or docker (containers) "
                    + "(default: ${DEFAULT-VALUE})")
    String backend;

    // host by default here: functions reach the router on loopback (the examples call each other through it), and
    // a cold start skips the bridge's veth pair and port proxy. bridge isolates each container's network instead.
    @Option(names = "--docker-network", defaultValue = "host",
            description = "With --backend docker: host (instances listen on loopback and reach the router there) or "
                    + "bridge (own network per container; functions cannot reach the loopback router) "
                    + "(default: ${DEFAULT-VALUE})")
    String dockerNetwork;

    @Option(names = "--no-examples", description = "Do not deploy the example functions")
    boolean noExamples;

    private final HealthProbe health = new HealthProbe();

    public UpCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        DurationText.parse("--idle-timeout", idleTimeout);
        if (port == controllerPort) {
            throw new CliException("--port and --controller-port must differ (both are " + port + ")");
        }
        BackendChoice backendChoice = BackendChoice.named(backend);
        Map<String, String> backendEnv = backendChoice.environment(dockerNetwork);
        backendChoice.requireAvailable(context.env());
        Installation installation = new Installation(context.requireInstallDir());
        installation.requireBuilt();
        FaasHome home = new FaasHome(context.faasHome());
        PrintWriter out = context.out();

        boolean firstStart = !Files.isRegularFile(home.credentialsFile());
        Credentials credentials = Credentials.readOrGenerate(home.credentialsFile());
        if (firstStart) {
            out.println("generated credentials for '" + credentials.username() + "' in " + home.credentialsFile());
        }

        String gatewayUrl = "http://127.0.0.1:" + port;
        Map<String, String> controllerEnv = new HashMap<>(backendEnv);
        controllerEnv.putAll(Map.of(
                "MICRONAUT_SERVER_PORT", Integer.toString(controllerPort),
                "FAAS_STATE_DIR", home.stateDir().toString(),
                "FAAS_AUTH_USERNAME", credentials.username(),
                "FAAS_AUTH_PASSWORD", credentials.password(),
                "FAAS_GATEWAY_URL", gatewayUrl,
                "FAAS_RUNTIME_JAR", installation.runtimeJar().toString(),
                "FAAS_TEMPLATES_DIR", installation.templatesDir().toString(),
                "FAAS_AUTOSCALER_IDLE_TIMEOUT", idleTimeout));
        ServiceSpec controller = new ServiceSpec("controller", installation.controllerJar(), controllerPort,
                controllerEnv);
        ServiceSpec router = new ServiceSpec("router", installation.routerJar(), port, Map.of(
                "MICRONAUT_SERVER_PORT", Integer.toString(port),
                "FAAS_ROUTER_CONTROLLER_URL", "http://127.0.0.1:" + controllerPort,
                "FAAS_AUTH_USERNAME", credentials.username(),
                "FAAS_AUTH_PASSWORD", credentials.password()));

        BackgroundProcesses processes = new BackgroundProcesses(home);
        List<ServiceSpec> services = List.of(controller, router);
        // Check every port before starting anything, so a conflict leaves nothing half-started.
        for (ServiceSpec service : services) {
            if (processes.running(service.name()).isEmpty() && !Ports.isFree(service.port())) {
                throw new CliException("port " + service.port() + " (for the " + service.name() + ") is already in use by "
                        + "another program — stop it, or choose another port with "
                        + (service == router ? "--port" : "--controller-port"));
            }
        }
        requireSameBackend(processes, home, backendChoice);
        out.println("backend: " + backendChoice.describe(dockerNetwork));
        for (ServiceSpec service : services) {
            ensureStarted(processes, home, service);
        }
        for (ServiceSpec service : services) {
            awaitHealthy(processes, home, service);
        }

        boolean examples = !noExamples && deployExamples(installation, gatewayUrl, credentials, home);
        out.println();
        out.println("faas is up.");
        out.println("  gateway:      " + gatewayUrl);
        out.println("  backend:      " + backendChoice.describe(dockerNetwork));
        out.println("  credentials:  " + home.credentialsFile() + " (user '" + credentials.username() + "')");
        out.println(examples
                ? "  try:          curl -d world " + gatewayUrl + "/function/hello"
                : "  try:          ./faas new greet && ./faas deploy -f greet.yml");
        out.println("  logs:         " + home.logFile("controller").getParent());
        out.println("  stop with:    ./faas down");
        return 0;
    }

    /** A running controller keeps its backend: switching needs a restart, which the user should choose. */
    private static void requireSameBackend(BackgroundProcesses processes, FaasHome home, BackendChoice wanted) {
        Path file = home.backendFile();
        try {
            if (processes.running("controller").isEmpty()) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, wanted.id() + "\n");
                return;
            }
            String running = Files.isRegularFile(file) ? Files.readString(file).trim() : BackendChoice.PROCESS.id();
            if (!running.equals(wanted.id())) {
                throw new CliException("the platform is already running with the " + running + " backend — stop it "
                        + "with ./faas down, then ./faas up --backend " + wanted.id());
            }
        } catch (IOException e) {
            throw new CliException("cannot record the backend in " + file + ": " + e.getMessage(), e);
        }
    }

    private void ensureStarted(BackgroundProcesses processes, FaasHome home, ServiceSpec service) {
        Optional<ProcessHandle> running = processes.running(service.name());
        if (running.isPresent()) {
            String state = health.healthy(service.healthUrl()) ? "already running" : "already starting";
            context.out().println(service.name() + " is " + state + " (pid " + running.get().pid() + ")");
            return;
        }
        ProcessHandle started = processes.start(service);
        context.out().println("started the " + service.name() + " on port " + service.port() + " (pid " + started.pid()
                + ", log " + home.logFile(service.name()) + ")");
    }

    private void awaitHealthy(BackgroundProcesses processes, FaasHome home, ServiceSpec service) {
        PrintWriter out = context.out();
        out.print("waiting for the " + service.name() + " at " + service.healthUrl());
        out.flush();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        long lastDot = System.currentTimeMillis();
        while (!health.healthy(service.healthUrl())) {
            if (processes.running(service.name()).isEmpty()) {
                out.println();
                printLogTail(home.logFile(service.name()));
                throw new CliException("the " + service.name() + " exited during start-up — see "
                        + home.logFile(service.name()));
            }
            if (System.currentTimeMillis() > deadline) {
                out.println();
                throw new CliException("the " + service.name() + " did not answer " + service.healthUrl() + " within "
                        + START_TIMEOUT_MILLIS / 1000 + " s — see " + home.logFile(service.name())
                        + "; stop it with ./faas down");
            }
            if (System.currentTimeMillis() - lastDot >= 1000) {
                out.print('.');
                out.flush();
                lastDot = System.currentTimeMillis();
            }
            sleep();
        }
        out.println(" ok");
        out.flush();
    }

    /** Deploys the examples like 'faas deploy' does; false when there are none to deploy. */
    private boolean deployExamples(Installation installation, String gatewayUrl, Credentials credentials, FaasHome home) {
        Path stack = installation.examplesStack();
        if (!Files.isRegularFile(stack)) {
            context.out().println("no examples to deploy (" + stack + " not found)");
            return false;
        }
        context.out().println("deploying the examples from " + stack);
        GatewayClient gateway = new GatewayClient(gatewayUrl, credentials, home.credentialsFile().toString());
        new FunctionDeployer(gateway, context.out(), options.verbose()).deploy(StackFile.read(stack), null, "default", null, true);
        return true;
    }

    private void printLogTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> context.err().println("  | " + l));
        } catch (IOException unreadable) {
            // the error message names the log file anyway
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for the platform to start", e);
        }
    }
}
