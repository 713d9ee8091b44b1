package function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.function.Context;
import dev.faas.function.Request;
import dev.faas.function.Response;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandlerTest {

    private final Map<String, Product> products = Map.of(
            "p1", new Product("p1", "Coffee", new BigDecimal("18.50")),
            "p2", new Product("p2", "Mug", new BigDecimal("9.90")));
    private final Handler handler = new Handler(id -> Optional.ofNullable(products.get(id)));
    private final Context context = Context.of("orders");
    private final ObjectMapper json = new ObjectMapper();

    private String message(Response response) throws Exception {
        return json.readTree(response.bodyAsString()).get("message").asText();
    }

    @Test
    void pricesAnOrderAndKeepsIt() throws Exception {
        Response created = handler.handle(Request.of("POST", "/",
                "{\"items\":[{\"productId\":\"p1\",\"quantity\":2},{\"productId\":\"p2\",\"quantity\":3}]}"), context);

        assertEquals(201, created.status());
        JsonNode order = json.readTree(created.bodyAsString());
        assertEquals(0, new BigDecimal("66.70").compareTo(order.get("total").decimalValue()));
        assertEquals("Mug", order.get("items").get(1).get("name").asText());
        String id = order.get("orderId").asText();
        assertEquals("/function/orders/" + id, created.header("Location"));

        Response fetched = handler.handle(Request.of("GET", "/" + id), context);
        assertEquals(200, fetched.status());
        assertEquals(id, json.readTree(fetched.bodyAsString()).get("orderId").asText());
    }

    @Test
    void badInputIs400NamingTheItem() throws Exception {
        Response empty = handler.handle(Request.of("POST", "/", "{\"items\":[]}"), context);
        assertEquals(400, empty.status());
        assertTrue(message(empty).startsWith("items is missing or empty"));

        Response quantity = handler.handle(Request.of("POST", "/",
                "{\"items\":[{\"productId\":\"p1\",\"quantity\":1},{\"productId\":\"p2\"}]}"), context);
        assertEquals(400, quantity.status());
        assertEquals("items[1].quantity must be a whole number from 1 to 1000, got null", message(quantity));

        Response unknown = handler.handle(Request.of("POST", "/", "{\"items\":[{\"productId\":\"zz\",\"quantity\":1}]}"),
                context);
        assertEquals(400, unknown.status());
        assertEquals("items[0]: product 'zz' not found", message(unknown));

        Response malformed = handler.handle(Request.of("POST", "/", "[1,"), context);
        assertEquals(400, malformed.status());
        assertEquals("application/json", malformed.header("Content-Type"));
    }

    @Test
    void unknownOrderIs404() throws Exception {
        Response response = handler.handle(Request.of("GET", "/ord-x"), context);
        assertEquals(404, response.status());
        assertEquals("order 'ord-x' not found", message(response));
    }
}
