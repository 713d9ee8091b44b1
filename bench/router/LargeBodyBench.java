import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Large bodies through the router: uploads of 10 MiB to hello (which answers "Hello, BODY!", so every upload is also
 * a 10 MiB download), a few at a time, while the router JVM's resident memory (VmRSS) is sampled — before, during and
 * after. Prints the samples, min/max/final RSS and whether memory stayed flat (growth over the idle reading within
 * FLAT_MB, default 32 — less than the 40 MiB of bodies 4 uploads have in flight), grew then levelled off (a heap
 * expanding to a new working size) or kept growing.
 * Exits 1 when an upload fails or its answer is not the expected size. Run by bench/router/run.sh.
 * The same uploads are first sent straight to the instance, for the transfer rate without the router.
 * Arguments: ROUTER_URL ROUTER_PID INSTANCE_URL [UPLOADS [CONCURRENCY [FLAT_MB]]].
 */
public final class LargeBodyBench {
    private static final int BODY_BYTES = 10 * 1024 * 1024;
    /** hello wraps the body: "Hello, " + body + "!". */
    private static final long EXPECTED_ANSWER_BYTES = BODY_BYTES + "Hello, !".length();
    private static final long SAMPLE_MILLIS = 100;

    public static void main(String[] args) throws Exception {
        String router = args[0];
        long pid = Long.parseLong(args[1]);
        String instance = args[2];
        int uploads = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        long flatMb = args.length > 5 ? Long.parseLong(args[5]) : 32;
        Path status = Path.of("/proc", Long.toString(pid), "status");

        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, (byte) 'x');
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger failures = new AtomicInteger();
        double directSeconds = uploadAll(http, instance + "/", body, uploads, concurrency, failures);
        System.out.printf("direct: %d uploads of %d MiB, %d at a time, in %.1f s (%.0f MiB/s up and the same down)%n",
                uploads, BODY_BYTES >> 20, concurrency, directSeconds, uploads * (BODY_BYTES >> 20) / directSeconds);

        long before = rssKb(status);
        RssSampler sampler = new RssSampler(status);
        Thread samplerThread = new Thread(sampler, "rss-sampler");
        samplerThread.setDaemon(true);
        samplerThread.start();
        double seconds = uploadAll(http, router + "/function/hello", body, uploads, concurrency, failures);
        List<Long> during = sampler.stop(samplerThread);
        // Give the router a moment to settle, then the "after" reading.
        Thread.sleep(2000);
        long after = rssKb(status);

        long min = during.stream().mapToLong(Long::longValue).min().orElse(before);
        long max = during.stream().mapToLong(Long::longValue).max().orElse(before);
        System.out.printf("router: %d uploads of %d MiB, %d at a time, in %.1f s (%.0f MiB/s up and the same down), %d failed%n",
                uploads, BODY_BYTES >> 20, concurrency, seconds, uploads * (BODY_BYTES >> 20) / seconds,
                failures.get());
        System.out.println("router RSS samples every " + SAMPLE_MILLIS + " ms (MiB): " + timeline(during));
        System.out.printf("router RSS MiB: before %.0f, min %.0f, max %.0f, final %.0f; growth max-before %.0f MiB%n",
                mib(before), mib(min), mib(max), mib(after), mib(max - before));
        // A JVM's RSS also grows while its heap expands to a new working size, then levels off; memory that holds
        // whole bodies keeps pace with the bytes in flight. So: flat, grew then level (the second half of the run
        // added at most 4 MiB over the first half's peak), or kept growing.
        long firstHalfMax = during.subList(0, during.size() / 2).stream().mapToLong(Long::longValue).max().orElse(before);
        long lateGrowth = max - Math.max(before, firstHalfMax);
        String verdict = max - before <= flatMb * 1024 ? "flat" : lateGrowth <= 4 * 1024 ? "level" : "growing";
        System.out.printf("memory %s (flat = growth within %d MiB; second half of the run added %.0f MiB; %d uploads in"
                        + " flight hold %d MiB of bodies)%n",
                switch (verdict) {
                    case "flat" -> "stayed FLAT";
                    case "level" -> "grew, then stayed LEVEL";
                    default -> "KEPT GROWING";
                }, flatMb, mib(lateGrowth), concurrency, concurrency * (BODY_BYTES >> 20));
        // One line for run.sh's summary: uploads, concurrency, MiB/s direct and routed, RSS before/min/max/final.
        System.out.printf("large-body %d %d %.0f %.0f %.0f %.0f %.0f %.0f %s %.0f%n", uploads, concurrency,
                uploads * (BODY_BYTES >> 20) / directSeconds, uploads * (BODY_BYTES >> 20) / seconds, mib(before),
                mib(min), mib(max), mib(after), verdict, mib(lateGrowth));
        if (failures.get() > 0) {
            System.exit(1);
        }
    }

    /** Sends the uploads, {@code concurrency} at a time; the seconds they took. */
    private static double uploadAll(HttpClient http, String url, byte[] body, int uploads, int concurrency,
                                    AtomicInteger failures) throws Exception {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            int n = i + 1;
            results.add(pool.submit(() -> upload(http, url, body, n, failures)));
        }
        for (Future<?> result : results) {
            result.get();
        }
        pool.shutdown();
        return (System.nanoTime() - start) / 1e9;
    }

    private static Void upload(HttpClient http, String url, byte[] body, int n, AtomicInteger failures)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long size = drain(response.body());
            if (response.statusCode() != 200 || size != EXPECTED_ANSWER_BYTES) {
                failures.incrementAndGet();
                System.err.printf("upload %d to %s: answered %d with %d bytes (expected 200 with %d bytes)%n", n, url,
                        response.statusCode(), size, EXPECTED_ANSWER_BYTES);
            }
        } catch (IOException e) {
            failures.incrementAndGet();
            System.err.printf("upload %d to %s failed: %s%n", n, url, e);
        }
        return null;
    }

    /** Counts the answer's bytes without keeping them: the client's memory is not what is measured. */
    private static long drain(InputStream in) throws IOException {
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read; (read = in.read(buffer)) >= 0; ) {
                total += read;
            }
            return total;
        }
    }

    static long rssKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + status + " — is the router still running? " + e);
        }
        throw new IllegalStateException(status + " has no VmRSS line");
    }

    private static double mib(long kb) {
        return kb / 1024.0;
    }

    /** Every 10th sample, so a long run still fits on a line or two. */
    private static String timeline(List<Long> samples) {
        StringBuilder line = new StringBuilder();
        int step = Math.max(1, samples.size() / 30);
        for (int i = 0; i < samples.size(); i += step) {
            line.append(Math.round(mib(samples.get(i)))).append(' ');
        }
        return line.toString().trim();
    }

    /** Reads VmRSS every {@link #SAMPLE_MILLIS} until stopped. */
    private static final class RssSampler implements Runnable {
        private final Path status;
        private final List<Long> samples = new ArrayList<>();
        private volatile boolean running = true;

        RssSampler(Path status) {
            this.status = status;
        }

        @Override
        public void run() {
            while (running) {
                long kb = rssKb(status);
                synchronized (samples) {
                    samples.add(kb);
                }
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        List<Long> stop(Thread thread) throws InterruptedException {
            running = false;
            thread.join();
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }
    }
}
