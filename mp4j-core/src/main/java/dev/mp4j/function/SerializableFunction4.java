package dev.mp4j.function;

import java.io.Serializable;

/**
 * A function of four arguments that can be sent to another process: what {@code Pool.starmap}
 * applies to argument tuples of four. For more arguments, map a function of the tuple itself:
 * {@code pool.map((List<Object> args) -> f(args.get(0), ..., args.get(5)), tuples)}.
 */
@FunctionalInterface
public interface SerializableFunction4<A, B, C, D, R> extends Serializable {
    R apply(A first, B second, C third, D fourth);
}
