package dev.faas.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The real platform, started with the real CLI ({@code faas up}) in a private FAAS_HOME, as a user would. */
final class Platform implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path home;
    final Path faasHome;
    final int port;
    final int controllerPort;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final Map<String, String> environment;

    private Platform(Path faasHome, int port, int controllerPort, Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.home = Path.of(System.getProperty("faas.home", "..")).toAbsolutePath().normalize();
        this.faasHome = faasHome;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Runs {@code faas up} with the given extra arguments and waits for it to finish. */
    static Platform up(Path faasHome, String... upArgs) throws Exception {
        return up(faasHome, Map.of(), upArgs);
    }

    /** As above, with extra environment for the CLI and so for the platform it starts (e.g. FAAS_TRIGGERS_*). */
    static Platform up(Path faasHome, Map<String, String> environment, String... upArgs) throws Exception {
        Files.createDirectories(faasHome);
        Platform platform = new Platform(faasHome, freePort(), freePort(), environment);
        List<String> args = new ArrayList<>(List.of("up", "--port", String.valueOf(platform.port),
                "--controller-port", String.valueOf(platform.controllerPort)));
        args.addAll(List.of(upArgs));
        CliResult result = platform.cli(faasHome, Duration.ofMinutes(8), args.toArray(String[]::new));
        if (result.exitCode() != 0) {
            platform.close();
            throw new AssertionError("faas up failed (" + result.exitCode() + "):\n" + result.output()
                    + "\ncontroller log:\n" + platform.tail("controller.log")
                    + "\nrouter log:\n" + platform.tail("router.log"));
        }
        return platform;
    }

    /** Kills the controller as a crash would (SIGKILL, no shutdown hooks), leaving its instances running. */
    void killControllerHard() throws Exception {
        long pid = Long.parseLong(Files.readString(faasHome.resolve("run/controller.pid")).trim());
        ProcessHandle controller = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("controller not running"));
        controller.destroyForcibly();
        controller.onExit().get(30, TimeUnit.SECONDS);
    }

    /** {@code faas up} again on the same ports, as a user does after a crash; the examples are already deployed. */
    void upAgain(String... upArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("up", "--port", String.valueOf(port),
                "--controller-port", String.valueOf(controllerPort), "--no-examples"));
        args.addAll(List.of(upArgs));
        CliResult result = cli(faasHome, Duration.ofMinutes(2), args.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new AssertionError("faas up (again) failed (" + result.exitCode() + "):\n" + result.output()
                    + "\ncontroller log:\n" + tail("controller.log"));
        }
    }

    String gateway() {
        return "http://127.0.0.1:" + port;
    }

    /** Runs the real CLI as a process in {@code workDir}; stdin is empty. */
    CliResult cli(Path workDir, Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Dfaas.home=" + home,
                "-jar", home.resolve("cli/target/faas-cli.jar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("FAAS_HOME", faasHome.toString());
        builder.environment().put("FAAS_GATEWAY", gateway());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile("faas-cli", ".out");
        builder.redirectOutput(out.toFile());
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("faas " + String.join(" ", args) + " did not finish in " + timeout
                    + ":\n" + Files.readString(out));
        }
        String output = Files.readString(out);
        System.out.println("$ faas " + String.join(" ", args) + "  → exit " + process.exitValue() + "\n" + output);
        return new CliResult(process.exitValue(), output);
    }

    HttpResponse<String> call(String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway() + path))
                .timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> invoke(String function, String body) throws IOException, InterruptedException {
        return call("POST", "/function/" + function, body, Map.of());
    }

    /** A call to the control API with the credentials {@code faas up} generated. */
    HttpResponse<String> system(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, Map.of("Authorization", basicAuth(), "Content-Type", "application/json"));
    }

    JsonNode status(String function) throws Exception {
        HttpResponse<String> response = system("GET", "/system/function/" + function, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("status of " + function + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    String basicAuth() throws IOException {
        Map<String, String> credentials = new java.util.HashMap<>();
        for (String line : Files.readAllLines(faasHome.resolve("credentials"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                credentials.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        String pair = credentials.get("username") + ":" + credentials.get("password");
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    String tail(String logName) {
        try {
            List<String> lines = Files.readAllLines(faasHome.resolve("logs").resolve(logName));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no " + logName + ": " + e.getMessage() + ")";
        }
    }

    static void await(Supplier<String> what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws Exception {
        cli(faasHome, Duration.ofSeconds(60), "down");
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** What a CLI run printed and how it ended. */
    record CliResult(int exitCode, String output) {
    }
}
