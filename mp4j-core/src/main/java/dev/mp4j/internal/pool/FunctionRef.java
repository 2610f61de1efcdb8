package dev.mp4j.internal.pool;

import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.process.LambdaCall;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A function shared by the jobs of one call, identified per pool so that a JVM worker receives it
 * once and caches it. Two encodings, each computed at most once, lazily (thread engines need
 * neither), under the lock, and fixed once returned: {@link #wire()}, what a pool's worker JVM
 * receives (the {@link LambdaCall} when the function is a lambda that qualifies, else its JDK
 * serialization), and {@link #encoded()}, the JDK serialization (an initializer, the cluster).
 */
final class FunctionRef {
    final int id;
    final Object function;
    private final ReentrantLock lock = new ReentrantLock();
    private byte[] encoded;
    private List<String> classes;
    private Wire wire;

    /**
     * What a worker JVM receives: exactly one of {@code call} and {@code serialized}, and the
     * classes written into it, which the worker allows before decoding.
     */
    record Wire(byte[] call, byte[] serialized, List<String> classes) {
    }

    FunctionRef(int id, Object function) {
        this.id = id;
        this.function = function;
        dev.mp4j.internal.codec.ClassLoaders.remember(function.getClass());
    }

    /** Encodes now: used at submission so that an unserializable function fails the call at once. */
    void encodeEagerly() {
        wire();
    }

    Wire wire() {
        lock.lock();
        try {
            if (wire == null) {
                Set<String> written = new LinkedHashSet<>();
                byte[] call = LambdaCall.encodeIfQualifies(function, written);
                wire = call != null ? new Wire(call, null, List.copyOf(written)) : new Wire(null, encoded(), classes());
            }
            return wire;
        } finally {
            lock.unlock();
        }
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
