import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold start of the hello example through the platform (scale to zero, then one call through the router), against
 * the floor measured in the same run: the same runtime jar and function started bare, with the same JVM flags.
 * On a docker backend a second floor is measured too: {@code docker run} of the function's own image (read-only,
 * loopback-published, as the backend runs it) until its first answered call — what any container start costs here.
 * Run with bench/coldstart/run.sh (it starts the platform); prints medians, p99 and the ratio platform/floor.
 */
public final class ColdStartBench {
    // HTTP/1.1 as curl speaks it to the router (the default would first try an h2c upgrade).
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** FAAS_BENCH_CLIENT=curl: the cold calls are made and timed by curl instead of this JVM's HttpClient. */
    private static final boolean CURL = "curl".equals(System.getenv("FAAS_BENCH_CLIENT"));
    /** Warm calls that get this client's own code compiled before it times anything. */
    private static final int CLIENT_WARMUP_CALLS = 500;

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        Path faasHome = Path.of(args[1]);
        Path repo = Path.of(args[2]);
        int runs = Integer.parseInt(args[3]);
        String backend = args.length > 4 ? args[4] : "process";
        Path summary = args.length > 5 ? Path.of(args[5]) : null;
        String auth = basicAuth(faasHome.resolve("credentials"));

        List<Double> platform = new ArrayList<>();
        List<Double> recorded = new ArrayList<>();
        if (backend.contains("-aot")) {
            awaitClassDataCache(faasHome, !backend.endsWith("-aot-runtime"));
        }
        warmClient(gateway);
        // One more than measured: the platform's first cold start (its own cold-start code not compiled yet) is
        // printed on its own, and the figures are over the ones after it.
        double first = -1;
        for (int i = 0; i <= runs; i++) {
            scaleToZero(gateway, auth);
            awaitFullPool(gateway, auth);
            double ms = CURL ? coldCallByCurl(gateway) : coldCall(gateway);
            double total = lastRecordedTotal(gateway, auth);
            if (i == 0) {
                first = ms;
                System.out.printf("first cold start after the platform started: %.1f ms (controller recorded %.0f ms);"
                        + " not counted below%n", ms, total);
                continue;
            }
            platform.add(ms);
            recorded.add(total);
            System.out.printf("run %2d: platform cold start %.1f ms (controller recorded %.0f ms)%n", i, ms, total);
        }

        Matcher phases = Pattern.compile("\"phases\":(\\{\"[a-z_]+\":\\{.*?\\}\\})").matcher(status(gateway, auth));
        if (phases.find()) {
            System.out.println("phases p50/p99 over the controller's kept records: " + phases.group(1));
        }
        Path artifact = artifactOf(gateway, auth, faasHome);
        List<Double> floor = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            floor.add(bareStart(repo.resolve("runtime-java/server/target/faas-runtime.jar"), artifact));
        }

        System.out.println();
        System.out.printf("%-44s %9s %9s%n", "hello on " + backend + ", scale from zero to first response",
                "p50 ms", "p99 ms");
        print(CURL ? "platform (curl: call through the router)" : "platform (client: call through the router)", platform);
        print("platform (controller's recorded total)", recorded);
        print("floor: bare runtime JVM start + first call", floor);
        System.out.printf("%-44s %9.1f%n", "platform's first cold start (not above)", first);
        System.out.printf("ratio platform/floor at p50: %.2f%n", median(platform) / median(floor));
        if (backend.startsWith("docker")) {
            String image = imageOf(gateway, auth);
            List<Double> containerFloor = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                containerFloor.add(dockerRunStart(image));
            }
            print("floor: docker run of the image + first call", containerFloor);
            System.out.printf("ratio platform/docker-run floor at p50: %.2f%n",
                    median(platform) / median(containerFloor));
        }
        if (summary != null) {
            Files.writeString(summary, String.format("%s %.1f %.1f %.1f %.1f%n", backend, median(platform),
                    percentile(platform, 0.99), median(floor), first), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /**
     * Calls {@code hello} warm until this client's code is compiled: otherwise the interpreted JDK HttpClient adds
     * ~10-20 ms to each of the few timed calls, a cost of this bench and not of the platform (curl sees none).
     */
    private static void warmClient(String gateway) throws Exception {
        for (int i = 0; i < CLIENT_WARMUP_CALLS; i++) {
            send(HttpRequest.newBuilder(URI.create(gateway + "/function/hello"))
                    .POST(HttpRequest.BodyPublishers.ofString("warm")).build());
        }
    }

        /** With a prewarmed pool, each measured cold start finds it full (as a cold start after a quiet while would). */
    private static void awaitFullPool(String gateway, String auth) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> pool = send(HttpRequest.newBuilder(URI.create(gateway + "/system/pool"))
                    .header("Authorization", auth).build());
            if (pool.statusCode() != 200 || pool.body().contains("\"enabled\":false")) {
                return;
            }
            Matcher size = Pattern.compile("\"size\":(\\d+)").matcher(pool.body());
            Matcher idle = Pattern.compile("\"idle\":(\\d+)").matcher(pool.body());
            if (size.find() && idle.find() && idle.group(1).equals(size.group(1))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the prewarmed pool did not refill in 60 s");
    }

    /**
     * The AOT caches are built in the background after the first instance start: measure only once the runtime's is
     * there and, with {@code perFunction}, once hello's own is built and judged (it is used only where it pays).
     */
    private static void awaitClassDataCache(Path faasHome, boolean perFunction) throws Exception {
        Path classData = faasHome.resolve("state/class-data");
        awaitFile(classData, "runtime-java.aot.key");
        if (perFunction) {
            awaitAllFunctionCaches(faasHome);
            List<String> decision = Files.readAllLines(awaitFile(classData.resolve("functions"), "_hello_"));
            System.out.println("hello's own AOT cache: " + (decision.size() > 1 ? decision.get(1) : "?"));
        }
    }

    /** Every function's own cache is trained and timed (hello's among them): measure once that is over, on a quiet machine. */
    private static void awaitAllFunctionCaches(Path faasHome) throws Exception {
        long functions;
        try (var dirs = Files.list(faasHome.resolve("state/artifacts"))) {
            functions = dirs.flatMap(namespace -> {
                try {
                    return Files.list(namespace);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).count();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            Path dir = faasHome.resolve("state/class-data/functions");
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    if (files.filter(p -> p.getFileName().toString().endsWith(".aot.key")).count() >= functions) {
                        return;
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the functions' AOT caches were not all built in 300 s");
    }

    /** Waits up to 3 min for a file in {@code dir} whose name has {@code part} and ends in {@code .key}. */
    private static Path awaitFile(Path dir, String part) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    var found = files.filter(p -> p.getFileName().toString().contains(part)
                            && p.getFileName().toString().endsWith(".key")).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no cache key file with '" + part + "' appeared in " + dir + " in 180 s");
    }

    private static void scaleToZero(String gateway, String auth) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            // The autoscaler may scale back up on the traffic report of the call just made: ask again until it sticks.
            if (scaledToZero(gateway, auth)) {
                return;
            }
        }
        throw new IllegalStateException("hello did not scale to zero in 60 s");
    }

    private static boolean scaledToZero(String gateway, String auth) throws Exception {
        HttpResponse<String> scaled = send(HttpRequest.newBuilder(URI.create(gateway + "/system/scale-function/hello"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"serviceName\":\"hello\",\"replicas\":0}")).build());
        if (scaled.statusCode() / 100 != 2) {
            throw new IllegalStateException("scale to zero answered " + scaled.statusCode() + ": " + scaled.body());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            String status = status(gateway, auth);
            // Wait until no instance is starting, ready or draining: the next call must start one.
            if (!Pattern.compile("\"state\":\"(STARTING|READY|DRAINING)\"").matcher(status).find()) {
                Thread.sleep(300); // let the router's endpoint cache see the empty list
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static double lastRecordedTotal(String gateway, String auth) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            Matcher m = Pattern.compile("\"recent\":\\[\\{[^}]*\"totalMs\":(\\d+)").matcher(status(gateway, auth));
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
            Thread.sleep(100);
        }
        return Double.NaN;
    }

    private static Path artifactOf(String gateway, String auth, Path faasHome) throws Exception {
        Matcher m = Pattern.compile("\"image\":\"faas\\.local/([^/]+)/([^:]+):([0-9a-f]+)\"").matcher(status(gateway, auth));
        if (!m.find()) {
            throw new IllegalStateException("hello's image is not a local build");
        }
        return faasHome.resolve("state/artifacts").resolve(m.group(1)).resolve(m.group(2)).resolve(m.group(3));
    }

    private static String imageOf(String gateway, String auth) throws Exception {
        Matcher m = Pattern.compile("\"image\":\"([^\"]+)\"").matcher(status(gateway, auth));
        if (!m.find()) {
            throw new IllegalStateException("hello's status names no image");
        }
        return m.group(1);
    }

    /** {@code docker run} of the image, hardened like the backend runs it, to its first answered call. */
    private static double dockerRunStart(String image) throws Exception {
        long start = System.nanoTime();
        Process run = new ProcessBuilder("docker", "run", "-d", "--rm", "--read-only", "--tmpfs", "/tmp",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "-p", "127.0.0.1::8080", image)
                .redirectErrorStream(true).start();
        String container = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (run.waitFor() != 0) {
            throw new IllegalStateException("docker run " + image + " failed: " + container);
        }
        try {
            Process port = new ProcessBuilder("docker", "port", container, "8080/tcp").redirectErrorStream(true).start();
            String mapped = new String(port.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            port.waitFor();
            String base = "http://" + mapped.lines().findFirst().orElseThrow();
            awaitHealthAndCall(base);
            return (System.nanoTime() - start) / 1e6;
        } finally {
            new ProcessBuilder("docker", "rm", "-f", container).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }

    private static void awaitHealthAndCall(String base) throws Exception {
        URI health = URI.create(base + "/_/health");
        while (true) {
            try {
                if (send(HttpRequest.newBuilder(health).build()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        send(HttpRequest.newBuilder(URI.create(base + "/")).POST(HttpRequest.BodyPublishers.ofString("bench")).build());
    }

    /** Start to first answered call of the runtime on its own: what any cold start must at least cost. */
    private static double bareStart(Path runtimeJar, Path artifact) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-jar", runtimeJar.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("FAAS_FUNCTION_NAME", "hello");
        builder.environment().put("FAAS_FUNCTION_PATH", artifact.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            awaitHealthAndCall("http://127.0.0.1:" + port);
            return (System.nanoTime() - start) / 1e6;
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static String status(String gateway, String auth) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(gateway + "/system/function/hello"))
                .header("Authorization", auth).build()).body();
    }

    /** The cold call through the router, timed by this (warmed) JVM client. */
    private static double coldCall(String gateway) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway + "/function/hello"))
                .POST(HttpRequest.BodyPublishers.ofString("bench")).build());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("cold call answered " + response.statusCode() + ": " + response.body());
        }
        return ms;
    }

    /** The cold call made by curl in a process of its own, timed by curl (connection included), as a user sees it. */
    private static double coldCallByCurl(String gateway) throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
                "--data", "bench", gateway + "/function/hello").redirectErrorStream(true).start();
        String[] out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
        if (curl.waitFor() != 0 || out.length != 2 || !out[0].equals("200")) {
            throw new IllegalStateException("curl's cold call answered " + String.join(" ", out));
        }
        return Double.parseDouble(out[1]) * 1000;
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String basicAuth(Path credentials) throws IOException {
        String user = null;
        String password = null;
        for (String line : Files.readAllLines(credentials)) {
            if (line.startsWith("username=")) {
                user = line.substring(9).trim();
            } else if (line.startsWith("password=")) {
                password = line.substring(9).trim();
            }
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void print(String label, List<Double> values) {
        System.out.printf("%-44s %9.1f %9.1f%n", label, median(values), percentile(values, 0.99));
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.50);
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
