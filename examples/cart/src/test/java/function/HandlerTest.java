package function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.function.Context;
import dev.faas.function.Request;
import dev.faas.function.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandlerTest {

    private final Map<String, Product> products = Map.of(
            "p1", new Product("p1", "Coffee", new BigDecimal("18.50")),
            "p2", new Product("p2", "Mug", new BigDecimal("9.90")));
    private final Handler handler = new Handler(id -> Optional.ofNullable(products.get(id)));
    private final Context context = Context.of("cart");
    private final ObjectMapper json = new ObjectMapper();

    private Response call(String method, String path, String cartId, String body) throws Exception {
        Map<String, List<String>> headers = cartId == null ? Map.of() : Map.of("X-Cart-Id", List.of(cartId));
        return handler.handle(Request.of(method, path, headers, body == null ? null : body.getBytes()), context);
    }

    @Test
    void addsItemsAndTotalsTheCart() throws Exception {
        Response first = call("POST", "/items", "c1", "{\"productId\":\"p1\",\"quantity\":2}");
        assertEquals(201, first.status());
        call("POST", "/items", "c1", "{\"productId\":\"p2\",\"quantity\":1}");
        call("POST", "/items", "c1", "{\"productId\":\"p1\",\"quantity\":1}");

        JsonNode cart = json.readTree(call("GET", "/", "c1", null).bodyAsString());
        assertEquals("c1", cart.get("cartId").asText());
        assertEquals(2, cart.get("items").size());
        assertEquals(3, cart.get("items").get(0).get("quantity").asInt());
        assertEquals(4, cart.get("itemCount").asInt());
        assertEquals(0, new BigDecimal("65.40").compareTo(cart.get("total").decimalValue()));
    }

    @Test
    void cartsAreSeparatePerCartIdWithADefault() throws Exception {
        call("POST", "/items", "c1", "{\"productId\":\"p1\",\"quantity\":1}");

        JsonNode other = json.readTree(call("GET", "/", null, null).bodyAsString());
        assertEquals("default", other.get("cartId").asText());
        assertEquals(0, other.get("items").size());
    }

    @Test
    void unknownProductIs404AndBadInputIs400() throws Exception {
        Response unknown = call("POST", "/items", null, "{\"productId\":\"nope\",\"quantity\":1}");
        assertEquals(404, unknown.status());
        assertEquals("product 'nope' not found", json.readTree(unknown.bodyAsString()).get("message").asText());

        Response zero = call("POST", "/items", null, "{\"productId\":\"p1\",\"quantity\":0}");
        assertEquals(400, zero.status());
        assertEquals("quantity must be a whole number from 1 to 1000, got 0",
                json.readTree(zero.bodyAsString()).get("message").asText());

        Response malformed = call("POST", "/items", null, "{\"productId\":");
        assertEquals(400, malformed.status());
        assertTrue(json.readTree(malformed.bodyAsString()).get("message").asText().startsWith("the body must be JSON"));
    }

    @Test
    void anUnreachableCatalogIs502() throws Exception {
        Handler broken = new Handler(id -> {
            throw new IOException("connection refused");
        });
        Response response = broken.handle(Request.of("POST", "/items", "{\"productId\":\"p1\",\"quantity\":1}"), context);

        assertEquals(502, response.status());
        assertEquals("cannot check product 'p1': connection refused",
                json.readTree(response.bodyAsString()).get("message").asText());
    }

    @Test
    void deleteEmptiesTheCartAndUnknownRoutesAre404() throws Exception {
        call("POST", "/items", "c2", "{\"productId\":\"p1\",\"quantity\":1}");
        assertEquals(204, call("DELETE", "/", "c2", null).status());
        assertEquals(0, json.readTree(call("GET", "/", "c2", null).bodyAsString()).get("items").size());
        assertEquals(404, call("PUT", "/x", null, null).status());
    }
}
