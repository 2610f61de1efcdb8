package dev.mp4j.function;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can be sent to another process: what {@code Pool.map},
 * {@code Pool.imap} and {@code Pool.imapUnordered} apply to each item (Python's
 * {@code pool.map(f, iterable)}).
 *
 * @param <T> the type of an item, which must be serializable to reach a worker process
 * @param <R> the type of the result, which must be serializable to travel back
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
}
