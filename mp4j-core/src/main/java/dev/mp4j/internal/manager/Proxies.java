package dev.mp4j.internal.manager;

import java.lang.ref.Cleaner;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes proxy objects from tokens. A proxy materialised inside the server that holds its object
 * (a proxy stored in a shared map) calls the object directly; anywhere else it calls through a
 * {@link ManagerClient}. Either way it holds one reference, released when the proxy becomes
 * unreachable.
 */
public final class Proxies {
    static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("mp4j-proxy-cleaner").factory());

    private Proxies() {
    }

    static Object resolve(ProxyToken token) {
        ManagerServerCore server = ManagerServerCore.serving();
        if (server != null && server.serverId().equals(token.serverId())) {
            server.incref(token.objectId());
            Object proxy = newProxy(token, new LocalHandler(server, token));
            CLEANER.register(proxy, () -> server.decref(token.objectId(), 1));
            return proxy;
        }
        ManagerClient client = ManagerClient.forToken(token);
        client.incref(token.objectId(), token.callTimeoutMillis());
        return client.adopt(token);
    }

    /** A proxy implementing the token's interfaces; the caller registers its clean-up. */
    static Object newProxy(ProxyToken token, InvocationHandler handler) {
        List<Class<?>> types = new ArrayList<>();
        ClassLoader loader = null;
        for (String name : token.interfaces()) {
            Class<?> type = load(name);
            if (!type.isInterface()) {
                throw new IllegalArgumentException(name + " is not an interface: a proxy can only implement interfaces");
            }
            types.add(type);
            if (loader == null || !java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
                loader = type.getClassLoader();
            }
        }
        types.add(SerializableProxy.class);
        if (loader == null) {
            loader = Proxies.class.getClassLoader();
        }
        return Proxy.newProxyInstance(loader, types.toArray(Class<?>[]::new), handler);
    }

    private static Class<?> load(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name, false, context != null ? context : Proxies.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            try {
                return Class.forName(name, false, Proxies.class.getClassLoader());
            } catch (ClassNotFoundException again) {
                throw new IllegalStateException("proxy interface " + name + " is not on this JVM's class path", again);
            }
        }
    }

    /** The token of a proxy made by mp4j, or null for any other object. */
    public static ProxyToken tokenOf(Object object) {
        if (object != null && Proxy.isProxyClass(object.getClass())) {
            InvocationHandler handler = Proxy.getInvocationHandler(object);
            if (handler instanceof ProxyHandler proxyHandler) {
                return proxyHandler.token();
            }
        }
        return null;
    }
}
