package dev.mp4j.reliability;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A harmless stand-in for a deserialization gadget: it counts every time a JVM deserializes it, so
 * a test can prove that bytes from an unauthenticated peer are never decoded.
 */
final class Canary implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    static final AtomicInteger DESERIALIZED = new AtomicInteger();

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        DESERIALIZED.incrementAndGet();
    }
}
