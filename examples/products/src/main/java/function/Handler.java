package function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.function.Context;
import dev.faas.function.Request;
import dev.faas.function.Response;

/** {@code GET /} lists the products; {@code GET /{id}} answers one product or 404. */
public class Handler implements dev.faas.function.Handler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Catalog catalog = new Catalog();

    @Override
    public Response handle(Request request, Context context) throws JsonProcessingException {
        if (!request.method().equals("GET")) {
            return error(405, "method " + request.method() + " is not allowed: products are read-only, use GET");
        }
        String id = request.path().replaceAll("^/+|/+$", "");
        if (id.isEmpty()) {
            return Response.json(JSON.writeValueAsString(catalog.all()));
        }
        return catalog.find(id)
                .map(this::json)
                .orElseGet(() -> error(404, "product '" + id + "' not found"));
    }

    private Response json(Product product) {
        try {
            return Response.json(JSON.writeValueAsString(product));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response error(int status, String message) {
        try {
            return Response.json(status, JSON.writeValueAsString(new ErrorBody(status, message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
