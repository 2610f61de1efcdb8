package dev.mp4j.function;

import java.io.Serializable;
import java.util.function.BiFunction;

/** A {@link BiFunction} that can be sent to another process. */
@FunctionalInterface
public interface SerializableBiFunction<T, U, R> extends BiFunction<T, U, R>, Serializable {
}
