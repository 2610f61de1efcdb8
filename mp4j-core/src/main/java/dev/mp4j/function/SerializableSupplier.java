package dev.mp4j.function;

import java.io.Serializable;
import java.util.function.Supplier;

/** A {@link Supplier} that can be sent to another process. */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {
}
