package dev.mp4j.internal.manager;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Method signatures as sent on the wire: {@code name(paramType1,paramType2)} with binary class names. */
final class Signatures {
    private static final ConcurrentHashMap<Method, String> CACHE = new ConcurrentHashMap<>();

    private Signatures() {
    }

    static String of(Method method) {
        return CACHE.computeIfAbsent(method, m -> {
            StringBuilder s = new StringBuilder(m.getName()).append('(');
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                if (i > 0) {
                    s.append(',');
                }
                s.append(types[i].getName());
            }
            return s.append(')').toString();
        });
    }

    static String name(String signature) {
        int paren = signature.indexOf('(');
        return paren < 0 ? signature : signature.substring(0, paren);
    }

    /** The methods of {@code type} (public, inherited included) plus toString/equals/hashCode. */
    static List<Method> callable(Class<?> type) {
        List<Method> methods = new ArrayList<>(List.of(type.getMethods()));
        try {
            methods.add(Object.class.getMethod("toString"));
            methods.add(Object.class.getMethod("hashCode"));
            methods.add(Object.class.getMethod("equals", Object.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        return methods;
    }
}
