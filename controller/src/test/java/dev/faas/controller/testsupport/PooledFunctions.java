package dev.faas.controller.testsupport;

import dev.faas.controller.function.FunctionSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Test functions for the pool: each has its own {@code function.Handler} (same class name in every function, a
 * different greeting) and a class only it has, and answers with what it can see: its greeting, its {@code MARK}
 * variable, the secrets it can read, whether a class name loads from its code, and its pid.
 */
public final class PooledFunctions {

    private PooledFunctions() {
    }

    /** Builds function {@code name} under the state dir's artifacts, as the builder would, and returns its spec. */
    public static FunctionSpec build(Path stateDir, Path work, String name, String tag, Map<String, String> env,
                              List<String> secrets) throws IOException {
        return build(stateDir, work, name, tag, env, secrets, Map.of());
    }

    /** The same, with scaling labels. */
    public static FunctionSpec build(Path stateDir, Path work, String name, String tag, Map<String, String> env,
                              List<String> secrets, Map<String, String> labels) throws IOException {
        String own = "function.OnlyIn" + Character.toUpperCase(name.charAt(0)) + name.substring(1).replace("-", "");
        Map<String, String> sources = Map.of(
                "function.Handler", HANDLER.formatted(name),
                own, "package function; public class " + own.substring("function.".length()) + " { }");
        Path artifact = stateDir.resolve("artifacts/default").resolve(name).resolve(tag);
        FunctionJars.artifact(work.resolve(name), sources, "function.Handler", artifact);
        return new FunctionSpec(name, "default", "faas.local/default/" + name + ":" + tag, null, env,
                List.of(), secrets, labels, Map.of(), null, null, false, null);
    }

    private static final String HANDLER = """
            package function;

            import dev.faas.function.Context;
            import dev.faas.function.Request;
            import dev.faas.function.Response;

            public class Handler implements dev.faas.function.Handler {
                @Override
                public void init(Context context) {
                    if ("throw".equals(context.env("INIT"))) {
                        throw new IllegalStateException("init refused: INIT=throw");
                    }
                }

                @Override
                public Response handle(Request request, Context context) {
                    String probe = request.queryParameter("class");
                    String loads = "-";
                    if (probe != null) {
                        try {
                            Class.forName(probe, false, Thread.currentThread().getContextClassLoader());
                            loads = "yes";
                        } catch (ClassNotFoundException e) {
                            loads = "no";
                        }
                    }
                    StringBuilder secrets = new StringBuilder();
                    for (String name : new String[] {"sec-a", "sec-b"}) {
                        secrets.append(name).append('=').append(context.secret(name).orElse("none")).append(' ');
                    }
                    return Response.ok("greeting=%s mark=" + context.env("MARK") + " " + secrets + "loads=" + loads
                            + " pid=" + ProcessHandle.current().pid());
                }
            }
            """;
}
