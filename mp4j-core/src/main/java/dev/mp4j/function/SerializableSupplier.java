package dev.mp4j.function;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A {@link Supplier} that can be sent to another process: a factory that builds a value where it
 * runs, such as the factory given to {@code Manager.Builder.register}, which creates a shared
 * object in the manager process.
 *
 * @param <T> the type of the value supplied
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {
}
