package function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faas.function.Context;
import dev.faas.function.Request;
import dev.faas.function.Response;
import org.junit.jupiter.api.Test;

class HandlerTest {

    private final Handler handler = new Handler();
    private final Context context = Context.of("hello");

    @Test
    void greetsTheNameInTheBody() {
        Response response = handler.handle(Request.of("POST", "/", "Ada\n"), context);

        assertEquals(200, response.status());
        assertEquals("Hello, Ada!", response.bodyAsString());
    }

    @Test
    void greetsTheWorldWithoutABody() {
        assertEquals("Hello, world!", handler.handle(Request.of("GET", "/"), context).bodyAsString());
    }
}
