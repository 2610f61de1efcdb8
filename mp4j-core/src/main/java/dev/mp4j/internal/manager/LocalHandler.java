package dev.mp4j.internal.manager;

import java.lang.reflect.Method;

/** A proxy living inside the server that holds its object: calls go straight to the object. */
final class LocalHandler extends ProxyHandler {
    private final ManagerServerCore server;

    LocalHandler(ManagerServerCore server, ProxyToken token) {
        super(token);
        this.server = server;
    }

    @Override
    Object call(Method method, String signature, Object[] args) throws Throwable {
        return server.invokeLocal(token.objectId(), signature, args);
    }
}
