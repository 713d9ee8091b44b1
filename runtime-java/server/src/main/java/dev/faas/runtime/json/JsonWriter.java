package dev.faas.runtime.json;

import java.lang.reflect.Array;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Writes Java values as compact JSON: null, strings, numbers, booleans, enums (by name), maps, iterables,
 * arrays ({@code byte[]} as Base64), optionals, records and POJOs (public getters and fields);
 * other JDK types (dates, UUIDs, ...) are written as their {@code toString()}.
 */
public final class JsonWriter {

    private static final int MAX_DEPTH = 512;

    private JsonWriter() {
    }

    /** Returns {@code value} as JSON text. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        write(value, out, 0);
        return out.toString();
    }

    /** Appends {@code value} as a JSON string literal, with the escapes JSON requires. */
    public static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void write(Object value, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new JsonException("cannot write JSON: value nested deeper than " + MAX_DEPTH
                    + " levels (is there a cycle?)");
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Double d) {
            writeFloating(d, out);
        } else if (value instanceof Float f) {
            writeFloating(f.doubleValue(), out);
        } else if (value instanceof java.math.BigDecimal b) {
            out.append(b.toString());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Character || value instanceof Enum<?>) {
            writeString(value instanceof Enum<?> e ? e.name() : value.toString(), out);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(map, out, depth);
        } else if (value instanceof Iterable<?> iterable) {
            writeIterable(iterable.iterator(), out, depth);
        } else if (value instanceof Optional<?> optional) {
            write(optional.orElse(null), out, depth + 1);
        } else if (value instanceof byte[] bytes) {
            writeString(Base64.getEncoder().encodeToString(bytes), out);
        } else if (value.getClass().isArray()) {
            writeArray(value, out, depth);
        } else if (value.getClass().getName().startsWith("java.")) {
            writeString(value.toString(), out);
        } else {
            writeObject(value, out, depth);
        }
    }

    private static void writeFloating(double d, StringBuilder out) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null"); // JSON has no NaN or infinity
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d).append(".0");
        } else {
            out.append(d);
        }
    }

    private static void writeMap(Map<?, ?> map, StringBuilder out, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Object key = e.getKey();
            writeString(key instanceof Enum<?> en ? en.name() : String.valueOf(key), out);
            out.append(':');
            write(e.getValue(), out, depth + 1);
        }
        out.append('}');
    }

    private static void writeIterable(Iterator<?> it, StringBuilder out, int depth) {
        out.append('[');
        boolean first = true;
        while (it.hasNext()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(it.next(), out, depth + 1);
        }
        out.append(']');
    }

    private static void writeArray(Object array, StringBuilder out, int depth) {
        out.append('[');
        int length = Array.getLength(array);
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                out.append(',');
            }
            write(Array.get(array, i), out, depth + 1);
        }
        out.append(']');
    }

    private static void writeObject(Object value, StringBuilder out, int depth) {
        out.append('{');
        boolean first = true;
        for (ObjectShape.Getter getter : ObjectShape.of(value.getClass()).getters) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(getter.name(), out);
            out.append(':');
            write(getter.read(value), out, depth + 1);
        }
        out.append('}');
    }
}
