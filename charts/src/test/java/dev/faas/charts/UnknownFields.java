package dev.faas.charts;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fields of a parsed manifest that its Kubernetes type does not have. fabric8's model keeps them in
 * {@code additionalProperties} instead of failing, so a misspelt field (say {@code readOnlyRootFileSystem}) would
 * parse, apply and be ignored by the API server; this finds them.
 */
final class UnknownFields {
    private UnknownFields() {
    }

    /** The path of every unknown field in {@code object}, e.g. {@code spec.template.spec.containers[0].foo}. */
    static List<String> in(Object object) {
        List<String> found = new ArrayList<>();
        walk("", object, found);
        return found;
    }

    private static void walk(String path, Object value, List<String> found) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(path + "[" + i++ + "]", item, found);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(path + "[" + key + "]", item, found));
        } else if (value != null && value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            for (Method getter : value.getClass().getMethods()) {
                if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                        || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                    continue;
                }
                Object child = invoke(getter, value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) child).keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
                } else {
                    walk(join(path, property(getter)), child, found);
                }
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter + " of " + target.getClass().getName(), e);
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
