package dev.faas.runtime.json;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps values from {@link JsonParser} onto Java types: records (canonical constructor), POJOs (public no-arg
 * constructor plus setters or public fields), {@code Map<String,T>}, {@code List<T>}/{@code Set<T>},
 * {@code String}, primitives and their boxes, {@code BigDecimal}/{@code BigInteger} and enums.
 * Unknown JSON fields are ignored; a missing or null primitive becomes its zero value. Errors name the JSON
 * path (e.g. {@code $.items[0].quantity}) and what was expected.
 */
public final class JsonBinder {

    private JsonBinder() {
    }

    /** Parses {@code json} and binds it to {@code type}. */
    public static Object read(String json, Type type) {
        return bind(JsonParser.parse(json), type);
    }

    /** Binds a parsed JSON value to {@code type}. */
    public static Object bind(Object value, Type type) {
        return bind(value, type, "$");
    }

    private static Object bind(Object value, Type type, String path) {
        if (type instanceof Class<?> c) {
            return bindClass(value, c, null, path);
        }
        if (type instanceof ParameterizedType p) {
            return bindClass(value, (Class<?>) p.getRawType(), p.getActualTypeArguments(), path);
        }
        if (type instanceof WildcardType w) {
            return bind(value, w.getUpperBounds()[0], path);
        }
        if (type instanceof TypeVariable<?> v) {
            return bind(value, v.getBounds()[0], path);
        }
        if (type instanceof GenericArrayType) {
            throw new JsonException("cannot bind JSON to " + type.getTypeName() + ": arrays are not supported, use List");
        }
        throw new JsonException("cannot bind JSON to " + type.getTypeName());
    }

    private static Object bindClass(Object value, Class<?> c, Type[] args, String path) {
        if (c.isPrimitive()) {
            return value == null ? zero(c) : primitive(value, c, path);
        }
        if (value == null) {
            return null;
        }
        if (c == Object.class) {
            return value;
        }
        if (c == String.class) {
            if (value instanceof String s) {
                return s;
            }
            throw mismatch(path, "a string", value);
        }
        if (Number.class.isAssignableFrom(c) || c == Boolean.class || c == Character.class) {
            return boxed(value, c, path);
        }
        if (c.isEnum()) {
            return enumConstant(value, c, path);
        }
        if (Map.class.isAssignableFrom(c)) {
            return map(value, c, args, path);
        }
        if (Collection.class.isAssignableFrom(c) || c == Iterable.class) {
            return collection(value, c, args, path);
        }
        if (c.isArray()) {
            throw new JsonException("cannot bind JSON at " + path + " to " + c.getTypeName()
                    + ": arrays are not supported, use List");
        }
        if (c.isRecord()) {
            return record(value, c, path);
        }
        if (c.isInterface() || java.lang.reflect.Modifier.isAbstract(c.getModifiers())
                || c.getName().startsWith("java.")) {
            throw new JsonException("cannot bind JSON at " + path + " to " + c.getName()
                    + ": use a record, a class with a public no-arg constructor, a Map, a List or a simple value");
        }
        return pojo(value, c, path);
    }

    private static Object primitive(Object value, Class<?> c, String path) {
        if (c == boolean.class) {
            return boxed(value, Boolean.class, path);
        }
        if (c == char.class) {
            return boxed(value, Character.class, path);
        }
        if (c == int.class) {
            return boxed(value, Integer.class, path);
        }
        if (c == long.class) {
            return boxed(value, Long.class, path);
        }
        if (c == double.class) {
            return boxed(value, Double.class, path);
        }
        if (c == float.class) {
            return boxed(value, Float.class, path);
        }
        if (c == short.class) {
            return boxed(value, Short.class, path);
        }
        return boxed(value, Byte.class, path);
    }

    private static Object zero(Class<?> c) {
        if (c == boolean.class) {
            return false;
        }
        if (c == char.class) {
            return '\0';
        }
        if (c == double.class) {
            return 0d;
        }
        if (c == float.class) {
            return 0f;
        }
        if (c == long.class) {
            return 0L;
        }
        if (c == short.class) {
            return (short) 0;
        }
        if (c == byte.class) {
            return (byte) 0;
        }
        return 0;
    }

    private static Object boxed(Object value, Class<?> c, String path) {
        if (c == Boolean.class) {
            if (value instanceof Boolean) {
                return value;
            }
            throw mismatch(path, "true or false", value);
        }
        if (c == Character.class) {
            if (value instanceof String s && s.length() == 1) {
                return s.charAt(0);
            }
            throw mismatch(path, "a one-character string", value);
        }
        if (!(value instanceof Number n)) {
            throw mismatch(path, "a number", value);
        }
        BigDecimal exact = n instanceof BigDecimal b ? b : n instanceof Long l ? BigDecimal.valueOf(l)
                : BigDecimal.valueOf(n.doubleValue());
        try {
            if (c == Double.class || c == Number.class) {
                return n.doubleValue();
            }
            if (c == Float.class) {
                return n.floatValue();
            }
            if (c == BigDecimal.class) {
                return exact;
            }
            if (c == BigInteger.class) {
                return exact.toBigIntegerExact();
            }
            if (c == Long.class) {
                return exact.longValueExact();
            }
            if (c == Integer.class) {
                return exact.intValueExact();
            }
            if (c == Short.class) {
                return exact.shortValueExact();
            }
            if (c == Byte.class) {
                return exact.byteValueExact();
            }
        } catch (ArithmeticException e) {
            throw new JsonException("invalid JSON at " + path + ": " + exact.toPlainString()
                    + " does not fit in " + c.getSimpleName() + " (a whole number in range is expected)");
        }
        throw new JsonException("cannot bind JSON at " + path + " to " + c.getName());
    }

    private static Object enumConstant(Object value, Class<?> c, String path) {
        Object[] constants = c.getEnumConstants();
        if (value instanceof String s) {
            for (Object constant : constants) {
                if (((Enum<?>) constant).name().equals(s)) {
                    return constant;
                }
            }
            for (Object constant : constants) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(s)) {
                    return constant;
                }
            }
        }
        throw mismatch(path, "one of " + Arrays.stream(constants).map(o -> ((Enum<?>) o).name())
                .collect(Collectors.joining(", ")), value);
    }

    private static Map<String, Object> map(Object value, Class<?> c, Type[] args, String path) {
        if (!(value instanceof Map<?, ?> source)) {
            throw mismatch(path, "an object", value);
        }
        if (args != null && args[0] != String.class && args[0] != Object.class) {
            throw new JsonException("cannot bind JSON at " + path + ": map keys must be String, not "
                    + args[0].getTypeName());
        }
        Type valueType = args == null ? Object.class : args[1];
        Map<String, Object> result = new LinkedHashMap<>();
        source.forEach((k, v) -> result.put((String) k, bind(v, valueType, path + "." + k)));
        return result;
    }

    private static Collection<Object> collection(Object value, Class<?> c, Type[] args, String path) {
        if (!(value instanceof List<?> source)) {
            throw mismatch(path, "an array", value);
        }
        Type elementType = args == null ? Object.class : args[0];
        Collection<Object> result = Set.class.isAssignableFrom(c) ? new LinkedHashSet<>() : new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            result.add(bind(source.get(i), elementType, path + "[" + i + "]"));
        }
        return result;
    }

    private static Object record(Object value, Class<?> c, String path) {
        if (!(value instanceof Map<?, ?> source)) {
            throw mismatch(path, "an object", value);
        }
        ObjectShape shape = ObjectShape.of(c);
        Object[] arguments = new Object[shape.componentNames.size()];
        for (int i = 0; i < arguments.length; i++) {
            String name = shape.componentNames.get(i);
            arguments[i] = bind(source.get(name), shape.componentTypes.get(i), path + "." + name);
        }
        try {
            return shape.constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            // The record's own validation rejected the values: its message is meant for the caller.
            throw new JsonException("invalid " + c.getSimpleName() + " at " + path + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new JsonException("cannot create " + c.getName() + ": " + e);
        }
    }

    private static Object pojo(Object value, Class<?> c, String path) {
        if (!(value instanceof Map<?, ?> source)) {
            throw mismatch(path, "an object", value);
        }
        ObjectShape shape = ObjectShape.of(c);
        if (shape.constructor == null) {
            throw new JsonException("cannot bind JSON to " + c.getName()
                    + ": it needs a public no-arg constructor (or make it a record)");
        }
        try {
            Object target = shape.constructor.newInstance();
            for (Map.Entry<?, ?> e : source.entrySet()) {
                ObjectShape.Setter setter = shape.setters.get((String) e.getKey());
                if (setter != null) {
                    setter.write(target, bind(e.getValue(), setter.type(), path + "." + e.getKey()));
                }
            }
            return target;
        } catch (InvocationTargetException e) {
            throw new JsonException("invalid " + c.getSimpleName() + " at " + path + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new JsonException("cannot create " + c.getName() + ": " + e);
        }
    }

    private static JsonException mismatch(String path, String expected, Object found) {
        return new JsonException("invalid JSON at " + path + ": expected " + expected + " but found " + describe(found));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "string " + JsonWriter.write(s.length() > 40 ? s.substring(0, 40) + "..." : s);
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        return "number " + value;
    }
}
