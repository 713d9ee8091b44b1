import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.image.BaseRuntimeBuilder;
import dev.faas.controller.image.BuiltImage;
import dev.faas.controller.image.FunctionImageBuilder;
import dev.faas.controller.image.FunctionImageRequest;
import dev.faas.controller.image.ImageCatalog;
import dev.faas.controller.image.ImageSettings;
import dev.faas.controller.image.RegistryManifest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Image build times and size of the hello example: cold (empty layer caches, new repository) and incremental
 * (handler source changed: Maven, then image build + push), against a loopback docker-registry.
 * Usage: java -cp <controller jar + lib> ImageBench.java REPO RUNS WORKDIR
 */
public class ImageBench {
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]).toAbsolutePath();
        int runs = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]).toAbsolutePath();
        Path runtimeJar = repo.resolve("runtime-java/server/target/faas-runtime.jar");
        Path registryDir = Files.createDirectories(work.resolve("registry"));
        int port = freePort();
        Files.writeString(registryDir.resolve("config.yml"), "version: 0.1\nlog:\n  level: warn\nstorage:\n"
                + "  filesystem:\n    rootdirectory: " + registryDir.resolve("storage") + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        Process registry = new ProcessBuilder("/usr/bin/docker-registry", "serve", registryDir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(registryDir.resolve("log").toFile()).start();
        try {
            awaitRegistry(port);
            String address = "127.0.0.1:" + port;
            Path hello = work.resolve("hello");
            copyTree(repo.resolve("examples/hello"), hello);
            Path handler = hello.resolve("src/main/java/function/Handler.java");
            String original = Files.readString(handler);

            // The base runtime is built once per JDK and module list and then cached: timed on its own.
            Path sharedState = work.resolve("state-base");
            long t = System.nanoTime();
            builder(address, "registry", sharedState, runtimeJar).build(request("warmup", "000000000000",
                    maven(hello), runtimeJar), line -> { });
            double baseSeconds = (System.nanoTime() - t) / 1e9;

            List<Double> cold = new ArrayList<>();
            List<Double> mavenTimes = new ArrayList<>();
            List<Double> incremental = new ArrayList<>();
            List<Long> pushedLayers = new ArrayList<>();
            Path artifact = maven(hello);
            for (int i = 0; i < runs; i++) {
                // Cold: a state dir with the base runtime but empty layer caches, and a repository never pushed to.
                Path state = work.resolve("state-cold-" + i);
                copyTree(sharedState.resolve("images/base"), state.resolve("images/base"));
                long start = System.nanoTime();
                builder(address, "registry", state, runtimeJar).build(request("cold" + i, "c0ffee" + String.format("%06d", i),
                        artifact, runtimeJar), line -> { });
                cold.add((System.nanoTime() - start) / 1e6);
            }
            FunctionImageBuilder warm = builder(address, "registry", sharedState, runtimeJar);
            warm.build(request("incr", "100000000000", artifact, runtimeJar), line -> { });
            for (int i = 0; i < runs; i++) {
                Files.writeString(handler, original.replace("\"Hello, \"", "\"Hello #" + i + ", \""));
                long m = System.nanoTime();
                Path changed = maven(hello);
                mavenTimes.add((System.nanoTime() - m) / 1e6);
                List<String> log = Collections.synchronizedList(new ArrayList<>());
                long start = System.nanoTime();
                warm.build(request("incr", String.format("2%011d", i), changed, runtimeJar), log::add);
                incremental.add((System.nanoTime() - start) / 1e6);
                pushedLayers.add(log.stream().filter(l -> l.endsWith(" pushed")).count());
            }
            Files.writeString(handler, original);
            RegistryManifest manifest = RegistryManifest.fetch(address, "default/incr", String.format("2%011d", 0), true);
            String dockerSize = dockerSize(work, runtimeJar, sharedState, artifact);

            String section = """
                    ## Function images of `hello` (jib-core, own jlinked base, loopback registry)

                    Command: `bench/image/run.sh %d` (starts a loopback `docker-registry`, builds `examples/hello` with Maven,
                    then %d cold and %d incremental image builds; medians). %s, JDK %s.

                    | image build + push | median ms |
                    |---|---:|
                    | cold: empty layer caches, new repository (base runtime already built) | %.0f |
                    | incremental: handler changed, image build + push only | %.0f |
                    | incremental: Maven `package` of the changed handler | %.0f |
                    | incremental: Maven + image build + push | %.0f |

                    - Layers pushed per incremental build: %s (only the function layer; the other four were already there).
                    - First base runtime build (jlink + class-data training + libraries) plus the first push: %.1f s, once per JDK/modules.
                    - Image size: %.1f MB compressed in the registry (%d layers); %s uncompressed (`docker image inspect` Size).
                    - Targets: incremental build + push ≤ 3 s; `hello` image ≤ 60 MB.
                    """.formatted(runs, runs, runs, LocalDate.now(), Runtime.version().feature(), median(cold),
                    median(incremental), median(mavenTimes), median(sum(mavenTimes, incremental)),
                    pushedLayers.stream().distinct().toList(), baseSeconds, manifest.compressedBytes() / 1e6,
                    manifest.layers().size(), dockerSize);
            System.out.println(section);
            updateResults(repo.resolve("bench/RESULTS.md"), section);
        } finally {
            registry.destroy();
        }
    }

    private static FunctionImageBuilder builder(String registry, String target, Path state, Path runtimeJar) {
        ImageSettings settings = new ImageSettings(target, registry, true, "", "", null, true, runtimeJar.toString(), state);
        return new FunctionImageBuilder(settings, new BaseRuntimeBuilder(settings),
                new ImageCatalog(settings, new ObjectMapper().registerModule(new JavaTimeModule())));
    }

    private static FunctionImageRequest request(String name, String tag, Path artifact, Path runtimeJar) {
        return new FunctionImageRequest(new FunctionKey("default", name), tag, "java", "0".repeat(64), artifact);
    }

    /** Runs {@code mvn -o package} in the project and returns its target directory (function.jar + lib/). */
    private static Path maven(Path project) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mvn", "-B", "-q", "-o", "package", "-DskipTests").directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(project.resolve("mvn.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("mvn package failed: " + Files.readString(project.resolve("mvn.log")));
        }
        return project.resolve("target");
    }

    private static String dockerSize(Path work, Path runtimeJar, Path sharedState, Path artifact) {
        try {
            if (new ProcessBuilder("docker", "info").start().waitFor() != 0) {
                return "n/a (no Docker engine)";
            }
            BuiltImage image = builder("", "docker", sharedState, runtimeJar).build(
                    request("bench-size-" + ProcessHandle.current().pid(), "5123456789ab", artifact, runtimeJar), l -> { });
            Process inspect = new ProcessBuilder("docker", "image", "inspect", "--format", "{{.Size}}", image.reference()).start();
            long bytes = Long.parseLong(new String(inspect.getInputStream().readAllBytes()).trim());
            new ProcessBuilder("docker", "rmi", "-f", image.reference()).start().waitFor();
            return String.format("%.1f MB", bytes / 1e6);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "n/a (" + e.getMessage() + ")";
        }
    }

    private static void updateResults(Path results, String section) throws IOException {
        String text = Files.readString(results);
        String begin = "<!-- bench/image begin -->\n";
        String end = "<!-- bench/image end -->\n";
        String block = begin + section + end;
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        text = b >= 0 && e > b ? text.substring(0, b) + block + text.substring(e + end.length())
                : text + (text.endsWith("\n") ? "\n" : "\n\n") + block;
        Files.writeString(results, text);
    }

    private static List<Double> sum(List<Double> a, List<Double> b) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i) + b.get(i));
        }
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void awaitRegistry(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 200; i++) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("docker-registry did not start");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (p.toString().contains("/target")) {
                    continue;
                }
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
