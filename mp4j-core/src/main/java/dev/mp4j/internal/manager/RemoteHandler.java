package dev.mp4j.internal.manager;

import java.lang.reflect.Method;

/** A proxy outside the server: every call is a request over one of the client's connections. */
final class RemoteHandler extends ProxyHandler {
    private final ManagerClient client;

    RemoteHandler(ManagerClient client, ProxyToken token) {
        super(token);
        this.client = client;
    }

    @Override
    Object call(Method method, String signature, Object[] args) throws Throwable {
        return client.call(token.objectId(), signature, args, method, token.callTimeoutMillis());
    }
}
