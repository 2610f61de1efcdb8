package dev.mp4j.internal.pool;

import dev.mp4j.internal.codec.Codec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A function shared by the jobs of one call, identified per pool so that a JVM worker receives its
 * encoded form once and caches it. The encoding is computed at most once, lazily (thread engines
 * never need it).
 */
final class FunctionRef {
    final int id;
    final Object function;
    private final ReentrantLock lock = new ReentrantLock();
    private byte[] encoded;
    private List<String> classes;

    FunctionRef(int id, Object function) {
        this.id = id;
        this.function = function;
    }

    /** Encodes now: used at submission so that an unserializable function fails the call at once. */
    void encodeEagerly() {
        encoded();
    }

    byte[] encoded() {
        lock.lock();
        try {
            if (encoded == null) {
                Set<String> written = new LinkedHashSet<>();
                encoded = Codec.encodeTrusted(function, written);
                classes = new ArrayList<>(written);
            }
            return encoded;
        } finally {
            lock.unlock();
        }
    }

    List<String> classes() {
        encoded();
        return classes;
    }
}
