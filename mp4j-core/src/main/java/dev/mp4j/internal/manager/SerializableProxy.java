package dev.mp4j.internal.manager;

import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * Implemented by every proxy object: serialization replaces the proxy with its {@link ProxyToken}
 * (a {@code java.lang.reflect.Proxy} instance itself is never serialized).
 */
public interface SerializableProxy extends Serializable {

    /** The token that stands for this proxy in a serialized stream. */
    Object writeReplace() throws ObjectStreamException;
}
