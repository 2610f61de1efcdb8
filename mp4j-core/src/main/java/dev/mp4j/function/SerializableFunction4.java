package dev.mp4j.function;

import java.io.Serializable;

/**
 * A function of four arguments that can be sent to another process: what {@code Pool.starmap}
 * applies to argument tuples of four. For more arguments, map a function of the tuple itself:
 * {@code pool.map((List<Object> args) -> f(args.get(0), ..., args.get(5)), tuples)}.
 *
 * @param <A> the type of the first argument
 * @param <B> the type of the second argument
 * @param <C> the type of the third argument
 * @param <D> the type of the fourth argument
 * @param <R> the type of the result, which must be serializable to travel back
 */
@FunctionalInterface
public interface SerializableFunction4<A, B, C, D, R> extends Serializable {
    /**
     * Applies this function to one argument tuple.
     *
     * @param first  the tuple's first element
     * @param second the tuple's second element
     * @param third  the tuple's third element
     * @param fourth the tuple's fourth element
     * @return the result for this tuple
     */
    R apply(A first, B second, C third, D fourth);
}
