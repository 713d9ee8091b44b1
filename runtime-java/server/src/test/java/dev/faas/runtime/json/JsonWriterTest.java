package dev.faas.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    enum Size { SMALL, LARGE }

    public record Item(String name, int count, Size size, List<String> tags) {
    }

    public static class Bean {
        public String visible = "field";
        private boolean active = true;

        public boolean isActive() {
            return active;
        }

        public int getTotal() {
            return 3;
        }
    }

    @Test
    void writesScalarsWithEscapes() {
        assertEquals("null", JsonWriter.write(null));
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001é\"", JsonWriter.write("a\"b\\c\n\t\u0001é"));
        assertEquals("42", JsonWriter.write(42));
        assertEquals("-7", JsonWriter.write(-7L));
        assertEquals("1.5", JsonWriter.write(1.5));
        assertEquals("2.0", JsonWriter.write(2.0));
        assertEquals("null", JsonWriter.write(Double.NaN));
        assertEquals("19.99", JsonWriter.write(new BigDecimal("19.99")));
        assertEquals("true", JsonWriter.write(true));
        assertEquals("\"LARGE\"", JsonWriter.write(Size.LARGE));
        assertEquals("\"2024-02-29\"", JsonWriter.write(LocalDate.of(2024, 2, 29)));
        assertEquals("\"AQI=\"", JsonWriter.write(new byte[] {1, 2}));
    }

    @Test
    void writesCollectionsRecordsAndBeans() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("item", new Item("pen", 2, Size.SMALL, List.of("a", "b")));
        map.put("nothing", null);
        map.put("numbers", new int[] {1, 2});
        map.put("maybe", Optional.of("x"));

        assertEquals("{\"item\":{\"name\":\"pen\",\"count\":2,\"size\":\"SMALL\",\"tags\":[\"a\",\"b\"]},"
                + "\"nothing\":null,\"numbers\":[1,2],\"maybe\":\"x\"}", JsonWriter.write(map));
        String bean = JsonWriter.write(new Bean());
        assertTrue(bean.contains("\"active\":true"), bean);
        assertTrue(bean.contains("\"total\":3"), bean);
        assertTrue(bean.contains("\"visible\":\"field\""), bean);
    }

    @Test
    void roundTripsThroughTheParser() {
        String json = "{\"a\":[1,2.5,\"x\",null,true,{\"b\":{}}],\"c\":\"\\u2028\"}";
        assertEquals(JsonParser.parse(json), JsonParser.parse(JsonWriter.write(JsonParser.parse(json))));
    }

    @Test
    void refusesCycles() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        JsonException e = assertThrows(JsonException.class, () -> JsonWriter.write(cycle));
        assertTrue(e.getMessage().contains("is there a cycle?"), e.getMessage());
    }
}
