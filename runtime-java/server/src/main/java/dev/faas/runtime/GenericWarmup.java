package dev.faas.runtime;

import dev.faas.function.CallContext;
import dev.faas.function.Context;
import dev.faas.function.Handler;
import dev.faas.function.Request;
import dev.faas.function.Response;
import dev.faas.runtime.json.JsonParser;
import dev.faas.runtime.json.JsonWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * What a generic runtime does before it tells the pool it is ready: it goes once through what a specialization
 * will do (parse the request, load and initialise a handler through {@link HandlerLoader}, open a jar in a class
 * loader of its own, invoke, write JSON), so that the class loading and first interpreted runs of that code are
 * paid while the instance waits in the pool, not in a cold start.
 */
final class GenericWarmup {

    private GenericWarmup() {
    }

    /** Runs the warm-up; it never fails the runtime (whatever it misses is merely not warmed). */
    static void run() {
        try {
            JsonParser.parse("{\"env\":{\"FAAS_FUNCTION_NAME\":\"warmup\",\"FAAS_HANDLER\":\"x\"}}");
            RuntimeConfig config = new RuntimeConfig(0, null, "warmup", null, null, WarmupHandler.class.getName(),
                    null, Duration.ZERO, Map.of());
            CallContext context = new CallContext("warmup", "default", "init", null, Map.of());
            HandlerLoader.Loaded loaded = new HandlerLoader(config).load(context);
            loaded.invoker().invoke(new Request("POST", "/", null, Map.of(), new byte[] {'w'}),
                    context.withCallId("warmup"));
            JsonWriter.write(Map.of("status", "ready", "handlerLoaded", System.currentTimeMillis()));
            Path self = Path.of(GenericWarmup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self)) {
                try (JarFile jar = new JarFile(self.toFile())) {
                    jar.getManifest();
                }
                try (URLClassLoader loader = new URLClassLoader(new URL[] {self.toUri().toURL()},
                        GenericWarmup.class.getClassLoader())) {
                    loader.getResource("META-INF/MANIFEST.MF");
                }
            }
        } catch (Exception | LinkageError e) {
            System.err.println("faas-runtime: warm-up incomplete (" + e + "); specializations will be slower");
        }
    }

    /** The handler the warm-up loads: it does what a simple function does. */
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
}
