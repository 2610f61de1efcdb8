package dev.mp4j.function;

import java.io.Serializable;

/**
 * A function of three arguments that can be sent to another process: what {@code Pool.starmap}
 * applies to argument tuples of three (Python's {@code pool.starmap(f, [(a, b, c), ...])}).
 */
@FunctionalInterface
public interface SerializableFunction3<A, B, C, R> extends Serializable {
    R apply(A first, B second, C third);
}
