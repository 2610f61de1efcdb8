package dev.mp4j.function;

import java.io.Serializable;

/**
 * A function of three arguments that can be sent to another process: what {@code Pool.starmap}
 * applies to argument tuples of three (Python's {@code pool.starmap(f, [(a, b, c), ...])}).
 *
 * @param <A> the type of the first argument
 * @param <B> the type of the second argument
 * @param <C> the type of the third argument
 * @param <R> the type of the result, which must be serializable to travel back
 */
@FunctionalInterface
public interface SerializableFunction3<A, B, C, R> extends Serializable {
    /**
     * Applies this function to one argument tuple.
     *
     * @param first  the tuple's first element
     * @param second the tuple's second element
     * @param third  the tuple's third element
     * @return the result for this tuple
     */
    R apply(A first, B second, C third);
}
