package dev.mp4j.internal.manager;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One shared object in a manager server: the target, what may be called on it, and the number of
 * live proxies (each proxy, in any process, holds one reference).
 *
 * <p>Callable methods: for built-in types, the methods of their dispatch interface; for registered
 * types, the public methods whose names were exposed. {@code toString}, {@code equals} and
 * {@code hashCode} are always callable. Thread-safe; the target's own methods synchronize.
 */
final class HeldObject {
    final long id;
    final String typeId;
    final Object target;
    final AtomicInteger references = new AtomicInteger();
    private final List<Method> callable;
    private final Set<String> exposed;
    private final Map<String, String> methodToTypeid;
    private final Map<String, Method> resolved = new ConcurrentHashMap<>();

    HeldObject(long id, String typeId, Object target, Class<?> dispatchInterface, Set<String> exposed,
               Map<String, String> methodToTypeid) {
        this.id = id;
        this.typeId = typeId;
        this.target = target;
        this.exposed = exposed;
        this.methodToTypeid = methodToTypeid;
        if (dispatchInterface != null) {
            callable = Signatures.callable(dispatchInterface);
        } else {
            List<Method> methods = new ArrayList<>();
            for (Method m : Signatures.callable(target.getClass())) {
                if (exposed.contains(m.getName()) || m.getDeclaringClass() == Object.class) {
                    methods.add(m);
                }
            }
            callable = methods;
        }
    }

    /** The type id of the shared object a call of {@code signature} returns, or null for a plain value. */
    String returnedTypeId(String signature) {
        return methodToTypeid.isEmpty() ? null : methodToTypeid.get(Signatures.name(signature));
    }

    /** Lets go of what the target holds beyond memory (a pool's workers); the server dropped it. */
    void release() {
        if (target instanceof Releasable releasable) {
            releasable.release();
        }
    }

    Object invoke(String signature, Object[] args) throws Throwable {
        if (signature.equals(Protocol.SNAPSHOT)) {
            return snapshot();
        }
        Method method = resolve(signature, args);
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object snapshot() {
        // the synchronized wrappers lock on themselves
        synchronized (target) {
            if (target instanceof Map<?, ?> map) {
                return new java.util.LinkedHashMap<>(map);
            }
            if (target instanceof List<?> list) {
                return new ArrayList<>(list);
            }
        }
        throw new UnsupportedOperationException("a " + typeId + " has no snapshot()");
    }

    private Method resolve(String signature, Object[] args) {
        Method cached = resolved.get(signature);
        if (cached != null) {
            return cached;
        }
        for (Method m : callable) {
            if (Signatures.of(m).equals(signature)) {
                return remember(signature, m);
            }
        }
        String name = Signatures.name(signature);
        List<Method> candidates = new ArrayList<>();
        for (Method m : callable) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length && accepts(m, args)) {
                candidates.add(m);
            }
        }
        if (candidates.isEmpty()) {
            if (exposed != null && !exposed.contains(name)) {
                throw new UnsupportedOperationException("method '" + name + "' is not exposed by type '" + typeId
                        + "' (exposed: " + exposed + ")");
            }
            throw new UnsupportedOperationException("type '" + typeId + "' has no method " + signature
                    + " that accepts these arguments");
        }
        Method chosen = candidates.getFirst();
        return candidates.size() == 1 ? remember(signature, chosen) : chosen;
    }

    private Method remember(String signature, Method method) {
        if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
            method.trySetAccessible();
        }
        resolved.put(signature, method);
        return method;
    }

    private static boolean accepts(Method method, Object[] args) {
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i].isPrimitive() ? box(types[i]) : types[i];
            if (args[i] == null ? types[i].isPrimitive() : !type.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> box(Class<?> primitive) {
        return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType();
    }
}
