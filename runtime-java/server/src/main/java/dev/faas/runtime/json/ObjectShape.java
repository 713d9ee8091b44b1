package dev.faas.runtime.json;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON-visible properties of a record or POJO, found once per class by reflection and cached.
 * Records use their components and canonical constructor; POJOs their public getters/setters and public fields.
 */
final class ObjectShape {

    /** One property that can be read from an instance. */
    record Getter(String name, Method method, Field field) {
        Object read(Object target) {
            try {
                return method != null ? method.invoke(target) : field.get(target);
            } catch (InvocationTargetException e) {
                throw new JsonException("cannot read property '" + name + "' of " + target.getClass().getName()
                        + ": " + e.getCause());
            } catch (IllegalAccessException e) {
                throw new JsonException("cannot read property '" + name + "' of " + target.getClass().getName()
                        + ": make the class and its getter public");
            }
        }
    }

    /** One property that can be written on a POJO, with its declared type. */
    record Setter(String name, Method method, Field field, Type type) {
        void write(Object target, Object value) throws ReflectiveOperationException {
            if (method != null) {
                method.invoke(target, value);
            } else {
                field.set(target, value);
            }
        }
    }

    private static final ClassValue<ObjectShape> CACHE = new ClassValue<>() {
        @Override
        protected ObjectShape computeValue(Class<?> type) {
            return new ObjectShape(type);
        }
    };

    final Class<?> type;
    final List<Getter> getters;
    /** For records: the canonical constructor; for POJOs: the public no-arg constructor, or null if none. */
    final Constructor<?> constructor;
    /** For records: component names and generic types in constructor order. */
    final List<String> componentNames;
    final List<Type> componentTypes;
    /** For POJOs: writable properties by name. */
    final Map<String, Setter> setters;

    static ObjectShape of(Class<?> type) {
        return CACHE.get(type);
    }

    private ObjectShape(Class<?> type) {
        this.type = type;
        List<Getter> readable = new ArrayList<>();
        Map<String, Setter> writable = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        List<Type> types = new ArrayList<>();
        Constructor<?> ctor = null;
        if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] raw = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                readable.add(new Getter(c.getName(), accessible(c.getAccessor()), null));
                names.add(c.getName());
                types.add(c.getGenericType());
                raw[i] = c.getType();
            }
            ctor = canonicalConstructor(type, raw);
        } else {
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                    continue;
                }
                String property = propertyName(m);
                if (property != null && m.getParameterCount() == 0 && m.getReturnType() != void.class) {
                    readable.add(new Getter(property, accessible(m), null));
                } else if (m.getName().length() > 3 && m.getName().startsWith("set") && m.getParameterCount() == 1) {
                    writable.put(decapitalize(m.getName().substring(3)),
                            new Setter(decapitalize(m.getName().substring(3)), accessible(m), null,
                                    m.getGenericParameterTypes()[0]));
                }
            }
            for (Field f : type.getFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                if (readable.stream().noneMatch(g -> g.name().equals(f.getName()))) {
                    readable.add(new Getter(f.getName(), null, f));
                }
                if (!Modifier.isFinal(f.getModifiers())) {
                    writable.putIfAbsent(f.getName(), new Setter(f.getName(), null, f, f.getGenericType()));
                }
            }
            try {
                ctor = accessible(type.getConstructor());
            } catch (NoSuchMethodException e) {
                ctor = null;
            }
        }
        this.getters = List.copyOf(readable);
        this.setters = Map.copyOf(writable);
        this.componentNames = List.copyOf(names);
        this.componentTypes = List.copyOf(types);
        this.constructor = ctor;
    }

    private static Constructor<?> canonicalConstructor(Class<?> type, Class<?>[] raw) {
        try {
            return accessible(type.getDeclaredConstructor(raw));
        } catch (NoSuchMethodException e) {
            throw new JsonException("record " + type.getName() + " has no canonical constructor");
        }
    }

    private static String propertyName(Method m) {
        String n = m.getName();
        if (n.startsWith("get") && n.length() > 3) {
            return decapitalize(n.substring(3));
        }
        if (n.startsWith("is") && n.length() > 2 && (m.getReturnType() == boolean.class
                || m.getReturnType() == Boolean.class)) {
            return decapitalize(n.substring(2));
        }
        return null;
    }

    private static String decapitalize(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    // Nested public records of a non-exported or non-public enclosing class still need setAccessible.
    private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
        try {
            member.setAccessible(true);
        } catch (RuntimeException e) {
            // InaccessibleObjectException: fall back to normal access checks
        }
        return member;
    }
}
