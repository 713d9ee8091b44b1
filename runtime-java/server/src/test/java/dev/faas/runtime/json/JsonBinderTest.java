package dev.faas.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonBinderTest {

    enum Color { RED, GREEN }

    public record Line(String productId, int quantity) {
    }

    public record Order(String customer, List<Line> items, Map<String, Integer> notes, Color color, boolean gift,
                        BigDecimal total, Long reference) {
    }

    public record Positive(int value) {
        public Positive {
            if (value <= 0) {
                throw new IllegalArgumentException("value must be positive, got " + value);
            }
        }
    }

    public static class Customer {
        public String name;
        private int age;
        public Set<String> roles;

        public int getAge() {
            return age;
        }

        public void setAge(int age) {
            this.age = age;
        }
    }

    public static class NoDefaultConstructor {
        public NoDefaultConstructor(String required) {
        }
    }

    /** Holder whose field gives the generic type {@code List<Line>} for tests. */
    public static class Types {
        public List<Line> lines;
        public Map<Integer, String> intKeys;
    }

    @Test
    void bindsNestedRecordsCollectionsEnumsAndNumbers() {
        Order order = (Order) JsonBinder.read("{\"customer\":\"Ada\",\"items\":[{\"productId\":\"p1\",\"quantity\":2}],"
                + "\"notes\":{\"a\":1},\"color\":\"green\",\"gift\":true,\"total\":19.99,\"unknown\":[1]}", Order.class);

        assertEquals(new Order("Ada", List.of(new Line("p1", 2)), Map.of("a", 1), Color.GREEN, true,
                new BigDecimal("19.99"), null), order);
    }

    @Test
    void missingPrimitivesGetZeroAndMissingObjectsNull() {
        assertEquals(new Line(null, 0), JsonBinder.read("{}", Line.class));
    }

    @Test
    void bindsPojosThroughSettersAndPublicFields() {
        Customer c = (Customer) JsonBinder.read("{\"name\":\"Bo\",\"age\":41,\"roles\":[\"a\",\"a\",\"b\"]}", Customer.class);
        assertEquals("Bo", c.name);
        assertEquals(41, c.getAge());
        assertEquals(Set.of("a", "b"), c.roles);
    }

    @Test
    void bindsGenericListsMapsAndPlainValues() throws Exception {
        Type lines = Types.class.getField("lines").getGenericType();
        assertEquals(List.of(new Line("x", 1)), JsonBinder.read("[{\"productId\":\"x\",\"quantity\":1}]", lines));
        assertEquals(Map.of("k", List.of(1L)), JsonBinder.read("{\"k\":[1]}", Map.class));
        assertEquals("text", JsonBinder.read("\"text\"", String.class));
        assertEquals(3, JsonBinder.read("3", int.class));
        assertEquals(2.0, JsonBinder.read("2", Double.class));
        assertNull(JsonBinder.read("null", Line.class));
    }

    @Test
    void errorsNameThePathAndWhatWasExpected() throws Exception {
        assertError("{\"items\":[{\"productId\":\"p\",\"quantity\":\"2\"}]}", Order.class,
                "invalid JSON at $.items[0].quantity: expected a number but found string \"2\"");
        assertError("{\"items\":{}}", Order.class, "invalid JSON at $.items: expected an array but found an object");
        assertError("[1]", Line.class, "invalid JSON at $: expected an object but found an array");
        assertError("{\"color\":\"blue\"}", Order.class, "invalid JSON at $.color: expected one of RED, GREEN but found string \"blue\"");
        assertError("{\"quantity\":1.5}", Line.class,
                "invalid JSON at $.quantity: 1.5 does not fit in Integer (a whole number in range is expected)");
        assertError("{\"quantity\":3000000000}", Line.class,
                "invalid JSON at $.quantity: 3000000000 does not fit in Integer (a whole number in range is expected)");
        assertError("{\"gift\":1}", Order.class, "invalid JSON at $.gift: expected true or false but found number 1");
        assertError("{\"value\":-1}", Positive.class, "invalid Positive at $: value must be positive, got -1");
        assertError("{}", NoDefaultConstructor.class, "cannot bind JSON to " + NoDefaultConstructor.class.getName()
                + ": it needs a public no-arg constructor (or make it a record)");
        assertError("{\"1\":\"a\"}", Types.class.getField("intKeys").getGenericType(),
                "cannot bind JSON at $: map keys must be String, not java.lang.Integer");
        assertError("[1]", int[].class, "cannot bind JSON at $ to int[]: arrays are not supported, use List");
    }

    private static void assertError(String json, Type type, String message) {
        JsonException e = assertThrows(JsonException.class, () -> JsonBinder.read(json, type), json);
        assertEquals(message, e.getMessage(), json);
    }
}
