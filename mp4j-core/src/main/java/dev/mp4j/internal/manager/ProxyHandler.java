package dev.mp4j.internal.manager;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The behaviour every proxy shares, whether it calls over a socket or directly: serialization to
 * its token, identity by token, snapshot views of collections, and local default methods of
 * registered interfaces. Everything else becomes {@link #call}.
 */
abstract sealed class ProxyHandler implements InvocationHandler permits RemoteHandler, LocalHandler {
    private static final Set<String> SNAPSHOT_METHODS = Set.of("iterator", "listIterator", "spliterator", "stream",
            "parallelStream", "forEach", "toArray", "keySet", "values", "entrySet", "subList");

    final ProxyToken token;
    private final boolean builtin;

    ProxyHandler(ProxyToken token) {
        this.token = token;
        this.builtin = BuiltinType.byId(token.typeId()) != null;
    }

    ProxyToken token() {
        return token;
    }

    abstract Object call(Method method, String signature, Object[] args) throws Throwable;

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object[] arguments = args == null ? new Object[0] : args;
        String name = method.getName();
        if (method.getDeclaringClass() == SerializableProxy.class) {
            return token;
        }
        if (method.getDeclaringClass() == Object.class && name.equals("equals")) {
            ProxyToken other = Proxies.tokenOf(arguments[0]);
            if (other != null) {
                return other.equals(token);
            }
            if (!builtin) {
                return false;
            }
        }
        if (builtin && SNAPSHOT_METHODS.contains(name) && isCollectionMethod(method)) {
            Object snapshot = call(null, Protocol.SNAPSHOT, new Object[0]);
            Object view = snapshot instanceof Map<?, ?> map ? Collections.unmodifiableMap(map)
                    : Collections.unmodifiableList((List<?>) snapshot);
            return method.invoke(view, arguments);
        }
        if (builtin && name.equals("newCondition") && method.getParameterCount() == 0) {
            throw new UnsupportedOperationException("use Manager.condition() for a shared condition variable");
        }
        if (method.isDefault() && runsLocally(method)) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        return call(method, Signatures.of(method), arguments);
    }

    /**
     * Default methods run in the caller (built from the interface's other methods, which call the
     * server: Python's client-side {@code wait_for}), except the JDK's defaults on the built-in
     * shared collections and queues, which run in the server so that {@code compute} or
     * {@code merge} stay atomic there.
     */
    private boolean runsLocally(Method method) {
        return !builtin || method.getDeclaringClass().getPackageName().equals("dev.mp4j.manager")
                || token.typeId().equals(BuiltinType.ITERATOR.typeId());
    }

    private static boolean isCollectionMethod(Method method) {
        Class<?> declaring = method.getDeclaringClass();
        return Collection.class.isAssignableFrom(declaring) || Map.class.isAssignableFrom(declaring)
                || declaring == Iterable.class;
    }

    static boolean isProxy(Object object) {
        return object != null && Proxy.isProxyClass(object.getClass());
    }
}
