package function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.function.Context;
import dev.faas.function.Request;
import dev.faas.function.Response;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory cart per {@code X-Cart-Id} header (or "default"): {@code GET /} shows it with its total,
 * {@code POST /items} adds a product after checking it with the products function, {@code DELETE /} empties it.
 * Carts live in this instance only: they vanish when it scales to zero (it is an example).
 */
public class Handler implements dev.faas.function.Handler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Cart> carts = new ConcurrentHashMap<>();
    private ProductCatalog catalog;

    /** Used by the runtime; the catalog is set up in {@link #init}. */
    public Handler() {
    }

    Handler(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void init(Context context) {
        if (catalog == null && context.gateway() != null) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            catalog = new GatewayProductCatalog(context.gateway(), client, JSON);
        }
    }

    @Override
    public Response handle(Request request, Context context) throws Exception {
        String cartId = Optional.ofNullable(request.header("X-Cart-Id")).filter(s -> !s.isBlank()).orElse("default");
        Cart cart = carts.computeIfAbsent(cartId, Cart::new);
        String route = request.method() + " " + request.path().replaceAll("/+$", "");
        switch (route) {
            case "GET ":
                return json(200, cart.view());
            case "DELETE ":
                cart.clear();
                return Response.status(204, null);
            case "POST /items":
                return addItem(request, cart, context);
            default:
                return error(404, "no route " + request.method() + " " + request.path()
                        + ": use GET /, POST /items or DELETE /");
        }
    }

    private Response addItem(Request request, Cart cart, Context context) throws Exception {
        AddItem item;
        try {
            item = JSON.readValue(request.body(), AddItem.class);
        } catch (JsonProcessingException e) {
            return error(400, "the body must be JSON like {\"productId\": \"p1\", \"quantity\": 1}: "
                    + e.getOriginalMessage());
        }
        String problem = item == null ? "the body is empty" : item.problem();
        if (problem != null) {
            return error(400, problem);
        }
        if (catalog == null) {
            return error(503, "cannot check products: FAAS_GATEWAY is not set for function '"
                    + context.functionName() + "'");
        }
        Optional<Product> product;
        try {
            product = catalog.find(item.productId());
        } catch (IOException e) {
            context.logger().log(System.Logger.Level.WARNING, "products lookup failed: " + e.getMessage());
            return error(502, "cannot check product '" + item.productId() + "': " + e.getMessage());
        }
        if (product.isEmpty()) {
            return error(404, "product '" + item.productId() + "' not found");
        }
        return json(201, cart.add(product.get(), item.quantity()));
    }

    private static Response json(int status, Object body) throws JsonProcessingException {
        return Response.json(status, JSON.writeValueAsString(body));
    }

    private static Response error(int status, String message) throws JsonProcessingException {
        return json(status, new ErrorBody(status, message));
    }
}
