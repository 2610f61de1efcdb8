package dev.mp4j.cluster.internal.objects;

import dev.mp4j.function.SerializableFunction;
import dev.mp4j.manager.SharedValue;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;

import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A manager value as a Redis string (RBucket). {@code compareAndSet} is Redis-atomic (on the
 * encoded bytes, so "equal" means equal encodings); {@code updateAndGet} and {@code addAndGet} are
 * compare-and-set loops, atomic against every other writer in the cluster.
 */
final class ClusterValue<T> implements SharedValue<T>, Serializable {
    private final transient RBucket<T> bucket;
    private final String name;

    ClusterValue(RedissonClient client, String key, String name) {
        this.bucket = client.getBucket(key + ":value");
        this.name = name;
    }


    @Override
    public T get() {
        return bucket.get();
    }

    @Override
    public void set(T value) {
        bucket.set(value);
    }

    @Override
    public T getAndSet(T value) {
        return bucket.getAndSet(value);
    }

    @Override
    public boolean compareAndSet(T expected, T update) {
        return bucket.compareAndSet(expected, update);
    }

    @Override
    public T updateAndGet(SerializableFunction<T, T> function) {
        while (true) {
            T current = bucket.get();
            T next = function.apply(current);
            if (bucket.compareAndSet(current, next)) {
                return next;
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T addAndGet(Number delta) {
        Objects.requireNonNull(delta, "delta");
        return updateAndGet(current -> {
            if (!(current instanceof Number number)) {
                throw new IllegalStateException("addAndGet needs a numeric cluster value, '" + name + "' holds " + current);
            }
            Object sum = switch (number) {
                case Integer i -> i + delta.intValue();
                case Long l -> l + delta.longValue();
                case Double d -> d + delta.doubleValue();
                case Float f -> f + delta.floatValue();
                case BigInteger b -> b.add(BigInteger.valueOf(delta.longValue()));
                case BigDecimal b -> b.add(new BigDecimal(delta.toString()));
                default -> throw new IllegalStateException("addAndGet does not support " + number.getClass().getName());
            };
            return (T) sum;
        });
    }

    @Serial
    private Object writeReplace() {
        return new ObjectHandle("value", name, 0);
    }
}
