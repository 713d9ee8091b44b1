package function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HandlerTest {

    private final Handler handler = new Handler();

    @Test
    void greetsTheNamedPerson() {
        assertEquals(new Reply("Hello, Ada!"), handler.apply(new Greeting(" Ada ")));
    }

    @Test
    void greetsTheWorldWhenNoNameIsGiven() {
        assertEquals(new Reply("Hello, world!"), handler.apply(null));
        assertEquals(new Reply("Hello, world!"), handler.apply(new Greeting("")));
    }
}
