package function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faas.function.Context;
import dev.faas.function.Request;
import dev.faas.function.Response;
import org.junit.jupiter.api.Test;

class HandlerTest {

    private final Handler handler = new Handler();
    private final Context context = Context.of("products");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void listsAllProducts() throws Exception {
        Response response = handler.handle(Request.of("GET", "/"), context);

        assertEquals(200, response.status());
        JsonNode list = json.readTree(response.bodyAsString());
        assertEquals(4, list.size());
        assertEquals("p1", list.get(0).get("id").asText());
        assertEquals(18.5, list.get(0).get("price").asDouble());
    }

    @Test
    void answersOneProductById() throws Exception {
        Response response = handler.handle(Request.of("GET", "/p2"), context);

        assertEquals(200, response.status());
        assertEquals("Ceramic mug", json.readTree(response.bodyAsString()).get("name").asText());
    }

    @Test
    void unknownProductIs404Json() throws Exception {
        Response response = handler.handle(Request.of("GET", "/nope"), context);

        assertEquals(404, response.status());
        assertEquals("application/json", response.header("Content-Type"));
        assertEquals("product 'nope' not found", json.readTree(response.bodyAsString()).get("message").asText());
    }

    @Test
    void writesAreRefused() throws Exception {
        assertEquals(405, handler.handle(Request.of("POST", "/", "{}"), context).status());
    }
}
