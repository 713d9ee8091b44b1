package dev.faas.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {

    @Test
    void parsesEveryKindOfValue() {
        Object parsed = JsonParser.parse(
                " {\"s\":\"a\\\"b\\\\c\\n\\u00e9\\/\",\"i\":-12,\"d\":1.5e2,\"t\":true,\"f\":false,\"n\":null,"
                        + "\"a\":[1,[],{}],\"big\":123456789012345678901,\"money\":0.1} ");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a\"b\\c\né/");
        expected.put("i", -12L);
        expected.put("d", 150.0);
        expected.put("t", true);
        expected.put("f", false);
        expected.put("n", null);
        expected.put("a", List.of(1L, List.of(), Map.of()));
        expected.put("big", new BigDecimal("123456789012345678901"));
        expected.put("money", 0.1);
        assertEquals(expected, parsed);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(((Map<?, ?>) parsed).keySet()), "keeps field order");
    }

    @Test
    void keepsLongBoundariesAndTooPreciseDecimalsExact() {
        assertEquals(Long.MAX_VALUE, JsonParser.parse(String.valueOf(Long.MAX_VALUE)));
        assertEquals(Long.MIN_VALUE, JsonParser.parse(String.valueOf(Long.MIN_VALUE)));
        assertEquals(new BigDecimal("0.12345678901234567890"), JsonParser.parse("0.12345678901234567890"));
        assertNull(JsonParser.parse("null"));
        assertEquals("", JsonParser.parse("\"\""));
    }

    @Test
    void malformedInputNamesLineColumnAndProblem() {
        assertError("{\"a\":1,}", "malformed JSON at line 1, column 8: unexpected '}', expected a field name in double quotes");
        assertError("{\n  \"a\" 1}", "malformed JSON at line 2, column 7: unexpected '1', expected ':' after field name \"a\"");
        assertError("[1 2]", "malformed JSON at line 1, column 4: unexpected '2', expected ',' or ']' in array");
        assertError("{\"a\":1", "malformed JSON at line 1, column 7: unexpected end of input, expected ',' or '}' in object");
        assertError("\"abc", "malformed JSON at line 1, column 5: unterminated string");
        assertError("01", "malformed JSON at line 1, column 3: numbers must not have leading zeros");
        assertError("-", "malformed JSON at line 1, column 2: expected a digit after '-'");
        assertError("1.", "malformed JSON at line 1, column 3: expected a digit after the decimal point");
        assertError("tru", "malformed JSON at line 1, column 1: unexpected 't', expected a value");
        assertError("\"\\x\"", "malformed JSON at line 1, column 3: invalid escape '\\x'");
        assertError("\"\\u12G4\"", "malformed JSON at line 1, column 4: invalid \\u escape '12G4'");
        assertError("{} x", "malformed JSON at line 1, column 4: unexpected 'x' after the JSON value");
        assertError("", "malformed JSON: the input is empty");
        assertError("\"a\tb\"", "malformed JSON at line 1, column 3: control character in string; escape it (e.g. \\n)");
    }

    @Test
    void refusesAbsurdNesting() {
        char[] open = new char[10_000];
        Arrays.fill(open, '[');
        JsonException e = assertThrows(JsonException.class, () -> JsonParser.parse(new String(open)));
        assertEquals("malformed JSON at line 1, column 513: nested deeper than 512 levels", e.getMessage());
    }

    private static void assertError(String json, String message) {
        JsonException e = assertThrows(JsonException.class, () -> JsonParser.parse(json), json);
        assertEquals(message, e.getMessage(), json);
    }
}
