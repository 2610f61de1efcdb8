package dev.mp4j.function;

import java.io.Serializable;
import java.util.function.Consumer;

/** A {@link Consumer} that can be sent to another process. */
@FunctionalInterface
public interface SerializableConsumer<T> extends Consumer<T>, Serializable {
}
