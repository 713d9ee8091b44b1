package dev.faas.runtime;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds {@code I} and {@code O} of a class implementing {@code Function<I, O>}, following generic
 * superclasses and interfaces; unresolvable arguments become {@code Object} (JSON as maps and lists).
 */
final class FunctionTypes {

    private FunctionTypes() {
    }

    /** Returns {@code [I, O]} for {@code type}, which must implement {@link Function}. */
    static Type[] of(Class<?> type) {
        Type[] found = search(type, Map.of());
        return found != null ? found : new Type[] {Object.class, Object.class};
    }

    private static Type[] search(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> here = bindings;
        if (type instanceof ParameterizedType p) {
            raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (raw == Function.class) {
                return new Type[] {resolve(args[0], bindings), resolve(args[1], bindings)};
            }
            here = new HashMap<>();
            TypeVariable<?>[] params = raw.getTypeParameters();
            for (int i = 0; i < params.length; i++) {
                here.put(params[i], resolve(args[i], bindings));
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
            here = Map.of();
        } else {
            return null;
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Type[] found = search(parent, here);
            if (found != null) {
                return found;
            }
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? null : search(superclass, here);
    }

    private static Type resolve(Type t, Map<TypeVariable<?>, Type> bindings) {
        if (t instanceof TypeVariable<?> v) {
            return bindings.getOrDefault(v, Object.class);
        }
        return t;
    }
}
