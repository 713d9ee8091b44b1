package function;

import dev.faas.function.Context;
import dev.faas.function.Request;
import dev.faas.function.Response;

/** Greets whoever the request body names. */
public class Handler implements dev.faas.function.Handler {

    @Override
    public Response handle(Request request, Context context) {
        String name = request.bodyAsString().strip();
        return Response.ok("Hello, " + (name.isEmpty() ? "world" : name) + "!");
    }
}
