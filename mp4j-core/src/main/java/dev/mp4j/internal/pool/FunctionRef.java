package dev.mp4j.internal.pool;

import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.process.LambdaCall;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A function shared by the jobs of one call, identified per pool so that a JVM worker receives its
 * encoded form once and caches it. The encoding, and the {@link LambdaCall} a worker can use
 * instead of deserializing the lambda, are computed at most once, lazily (thread engines never
 * need them), under the lock; after {@link #encoded()} returned, both are fixed.
 */
final class FunctionRef {
    final int id;
    final Object function;
    private final ReentrantLock lock = new ReentrantLock();
    private byte[] encoded;
    private List<String> classes;
    private byte[] call;

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
                call = LambdaCall.of(function).map(LambdaCall::encode).orElse(null);
            }
            return encoded;
        } finally {
            lock.unlock();
        }
    }

    /** The encoded {@link LambdaCall}, or null when a worker must deserialize the function. */
    byte[] call() {
        encoded();
        return call;
    }

    List<String> classes() {
        encoded();
        return classes;
    }
}
