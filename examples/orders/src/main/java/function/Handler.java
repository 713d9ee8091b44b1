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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /} prices an order with the products function (through the router) and answers 201 with it;
 * {@code GET /{orderId}} answers an order taken by this instance. Orders are kept in memory (an example).
 */
public class Handler implements dev.faas.function.Handler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private Pricing pricing;

    /** Used by the runtime; the catalog is set up in {@link #init}. */
    public Handler() {
    }

    Handler(ProductCatalog catalog) {
        this.pricing = new Pricing(catalog);
    }

    @Override
    public void init(Context context) {
        if (pricing == null && context.gateway() != null) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            pricing = new Pricing(new GatewayProductCatalog(context.gateway(), client, JSON));
        }
    }

    @Override
    public Response handle(Request request, Context context) throws Exception {
        String path = request.path().replaceAll("^/+|/+$", "");
        if (request.method().equals("POST") && path.isEmpty()) {
            return create(request, context);
        }
        if (request.method().equals("GET") && !path.isEmpty()) {
            Order order = orders.get(path);
            return order == null ? error(404, "order '" + path + "' not found") : json(200, order);
        }
        return error(404, "no route " + request.method() + " " + request.path() + ": use POST / or GET /{orderId}");
    }

    private Response create(Request request, Context context) throws Exception {
        OrderRequest order;
        try {
            order = JSON.readValue(request.body(), OrderRequest.class);
        } catch (JsonProcessingException e) {
            return error(400, "the body must be JSON like {\"items\": [{\"productId\": \"p1\", \"quantity\": 1}]}: "
                    + e.getOriginalMessage());
        }
        String problem = order == null ? "the body is empty" : order.problem();
        if (problem != null) {
            return error(400, problem);
        }
        if (pricing == null) {
            return error(503, "cannot price orders: FAAS_GATEWAY is not set for function '"
                    + context.functionName() + "'");
        }
        try {
            String id = "ord-" + Long.toString(System.currentTimeMillis(), 36) + "-" + sequence.incrementAndGet();
            Order priced = pricing.price(order, id, System.currentTimeMillis());
            orders.put(id, priced);
            return json(201, priced).withHeader("Location", "/function/" + context.functionName() + "/" + id);
        } catch (Pricing.UnknownProductException e) {
            return error(400, e.getMessage());
        } catch (IOException e) {
            context.logger().log(System.Logger.Level.WARNING, "products lookup failed: " + e.getMessage());
            return error(502, "cannot price the order: " + e.getMessage());
        }
    }

    private static Response json(int status, Object body) throws JsonProcessingException {
        return Response.json(status, JSON.writeValueAsString(body));
    }

    private static Response error(int status, String message) throws JsonProcessingException {
        return json(status, new ErrorBody(status, message));
    }
}
