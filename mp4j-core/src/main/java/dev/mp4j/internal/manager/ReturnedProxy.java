package dev.mp4j.internal.manager;

import java.io.Serial;
import java.io.Serializable;

/**
 * The answer to a call whose method returns a shared object (Python's {@code method_to_typeid}):
 * the server holds the result under a new id with one reference, which the caller's new proxy
 * adopts. Not a {@link ProxyToken}: decoding one of those would take a second reference. A plain
 * class, not a record, like every handle that crosses to a fresh JVM.
 */
final class ReturnedProxy implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    final long objectId;
    final String typeId;

    ReturnedProxy(long objectId, String typeId) {
        this.objectId = objectId;
        this.typeId = typeId;
    }
}
