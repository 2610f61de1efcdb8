package dev.mp4j.function;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that can be sent to another process: what {@code Pool.starmap} applies to
 * argument pairs (Python's {@code pool.starmap(f, [(a, b), ...])}), and the remapping function of
 * {@code SharedMap.merge} and {@code SharedMap.compute}, which runs in the manager process.
 *
 * @param <T> the type of the first argument
 * @param <U> the type of the second argument
 * @param <R> the type of the result, which must be serializable to travel back
 */
@FunctionalInterface
public interface SerializableBiFunction<T, U, R> extends BiFunction<T, U, R>, Serializable {
}
