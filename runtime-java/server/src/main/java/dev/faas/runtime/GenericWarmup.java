package dev.faas.runtime;

import dev.faas.function.CallContext;
import dev.faas.function.Context;
import dev.faas.function.Handler;
import dev.faas.function.Request;
import dev.faas.function.Response;
import dev.faas.runtime.json.JsonParser;
import dev.faas.runtime.json.JsonWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.StringConcatFactory;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What a generic runtime does before it tells the pool it is ready: it goes once through what a specialization
 * will do, so that the class loading and first interpreted runs of that code are paid while the instance waits in
 * the pool, not in a cold start. That is: read a specialization body and a configuration from an environment,
 * list a function directory, define a class from a jar in a class loader of its own and instantiate it, load and
 * initialise a {@link Handler}, invoke both kinds of function, write JSON.
 */
final class GenericWarmup {

    private GenericWarmup() {
    }

    /** The context the warm-up's calls run with. */
    static final CallContext CONTEXT = new CallContext("warmup", "default", "init", null, Map.of());

    /**
     * Runs the warm-up; it never fails the runtime (whatever it misses is merely not warmed). Answers the
     * warm-up handler, loaded, for a call through the server ({@link #callThrough}), or null when it failed.
     */
    static HandlerLoader.Loaded run() {
        try {
            HandlerLoader.Loaded loaded = handlerFromTheRuntime();
            Path self = Path.of(GenericWarmup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self)) { // not when run from a class directory (tests)
                functionFromAJar(self);
            }
            stringConcatenation();
            return loaded;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            warmupIncomplete(e);
            return null;
        }
    }

    /**
     * One call through the runtime's own HTTP server at {@code server}: request parsing, the invocation path a
     * specialized instance's first call takes, and the answer, all paid before any real call. Fails on an
     * answer other than 200.
     */
    static void callThrough(InetSocketAddress server, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 1000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nup")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!answer.startsWith("HTTP/1.1 200")) {
                throw new IOException("the warm-up call answered '" + answer.lines().findFirst().orElse("") + "'");
            }
        }
    }

    static void warmupIncomplete(Throwable e) {
        System.err.println("faas-runtime: warm-up incomplete (" + e + "); specializations will be slower");
    }

    private static HandlerLoader.Loaded handlerFromTheRuntime() throws Exception {
        RuntimeConfig config = new RuntimeConfig(0, null, "warmup", null, null, WarmupHandler.class.getName(),
                null, Duration.ZERO, Map.of());
        HandlerLoader.Loaded loaded = new HandlerLoader(config).load(CONTEXT);
        loaded.invoker().invoke(new Request("POST", "/", null, Map.of(), new byte[] {'w'}),
                CONTEXT.withCallId("warmup"));
        return loaded;
    }

    /**
     * A function directory like a specialization's ({@code function.jar}, {@code lib/}) holding {@code jar} (the
     * runtime's own), loaded with the platform loader as parent so that {@link WarmupFunction} is defined from that
     * jar, as a function's classes are, rather than found in the runtime's class path. Answers the class it defined;
     * the directory is gone when it returns.
     */
    static Class<?> functionFromAJar(Path jar) throws Exception {
        Path dir = Files.createTempDirectory("faas-warmup");
        try {
            Files.createDirectory(dir.resolve("lib"));
            Files.createSymbolicLink(dir.resolve("function.jar"), jar);
            Map<String, String> env = Map.of("FAAS_FUNCTION_NAME", "warmup", "FAAS_FUNCTION_NAMESPACE", "default",
                    "FAAS_FUNCTION_PATH", dir.toString(), "FAAS_HANDLER", WarmupFunction.class.getName());
            JsonParser.parse(JsonWriter.write(Map.of("env", env))); // the body a specialization reads
            RuntimeConfig config = RuntimeConfig.fromEnv(env);
            HandlerLoader.Loaded loaded = new HandlerLoader(config, ClassLoader.getPlatformClassLoader()).load(CONTEXT);
            loaded.invoker().invoke(new Request("POST", "/", null, Map.of("Content-Type", List.of("text/plain")),
                            new byte[] {'w'}),
                    CONTEXT.withCallId("warmup"));
            if (loaded.classLoader() instanceof URLClassLoader loader) {
                loader.close();
            }
            return Class.forName(loaded.className(), false, loaded.classLoader());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // a leftover empty directory in the temp dir is harmless
            }
        }
    }

    /**
     * Links one string concatenation the way javac compiles them in functions (invokedynamic through
     * {@link StringConcatFactory}); the runtime itself is compiled without, so nothing else would load that
     * machinery before a function's first call.
     */
    private static void stringConcatenation() throws Throwable {
        // The shapes functions use most: text around one string, and strings with a number.
        MethodHandle oneString = StringConcatFactory.makeConcatWithConstants(MethodHandles.lookup(), "concat",
                MethodType.methodType(String.class, String.class), "warm \u0001!").dynamicInvoker();
        MethodHandle mixed = StringConcatFactory.makeConcatWithConstants(MethodHandles.lookup(), "concat",
                MethodType.methodType(String.class, String.class, int.class), "warm \u0001 \u0001").dynamicInvoker();
        String warmed = (String) oneString.invokeExact("up") + (String) mixed.invokeExact("up", 1);
        if (warmed.isEmpty()) {
            throw new IllegalStateException("string concatenation gave nothing");
        }
    }

    /** The handler the warm-up loads from the runtime's class path: it does what a simple function does. */
    static final class WarmupHandler implements Handler {
        /** Instantiated reflectively by {@link HandlerLoader}. */
        public WarmupHandler() {
        }

        @Override
        public void init(Context context) {
            context.env("FAAS_FUNCTION_NAME");
        }

        @Override
        public Response handle(Request request, Context context) {
            return Response.ok("warm " + request.bodyAsString());
        }
    }

    /**
     * The function the warm-up defines from a jar in a loader of its own: public and using only {@code java.*},
     * since that loader sees none of the runtime's classes.
     */
    public static final class WarmupFunction implements Function<String, String> {
        /** Instantiated reflectively by {@link HandlerLoader}. */
        public WarmupFunction() {
        }

        @Override
        public String apply(String input) {
            return "warm " + input;
        }
    }
}
