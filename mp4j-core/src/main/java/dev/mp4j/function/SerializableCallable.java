package dev.mp4j.function;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can be sent to another process: what {@code Pool.apply} and
 * {@code Pool.applyAsync} run (Python's {@code pool.apply(f, args)} with the arguments captured
 * by the lambda). It may throw a checked exception, which the caller receives as the cause of
 * the failure.
 *
 * @param <V> the type of the result, which must be serializable to travel back
 */
@FunctionalInterface
public interface SerializableCallable<V> extends Callable<V>, Serializable {
}
