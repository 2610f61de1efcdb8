package dev.mp4j.internal.manager;

import dev.mp4j.connection.Address;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * What a proxy becomes when it is serialized: enough to reach its shared object from any process.
 * Deserializing a token yields a working proxy again ({@link #readResolve}), which takes its own
 * reference on the object.
 *
 * <p>The token carries the authkey by value, so that a child process can use a proxy it received
 * from its parent; {@link #toString()} never shows it.
 *
 * @param interfaces binary names of the interfaces the proxy implements
 * @param callTimeoutMillis the proxy's call timeout (see {@code ManagerClient}); 0: the default of
 *     the JVM that uses it
 */
public record ProxyToken(Address address, byte[] authkey, String serverId, long objectId, String typeId,
                         List<String> interfaces, long callTimeoutMillis) implements Serializable {

    @Serial
    private Object readResolve() throws ObjectStreamException {
        return Proxies.resolve(this);
    }

    @Override
    public String toString() {
        return "ProxyToken[type=" + typeId + ", id=" + objectId + ", address=" + address + ", server=" + serverId + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProxyToken token && token.serverId.equals(serverId) && token.objectId == objectId;
    }

    @Override
    public int hashCode() {
        return serverId.hashCode() * 31 + Long.hashCode(objectId);
    }
}
