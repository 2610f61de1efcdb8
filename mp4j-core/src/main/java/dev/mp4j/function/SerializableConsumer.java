package dev.mp4j.function;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * A {@link Consumer} that can be sent to another process, for an application's own tasks that take
 * one argument and return nothing (mp4j's API itself takes no consumer that crosses a process).
 *
 * @param <T> the type of the argument
 */
@FunctionalInterface
public interface SerializableConsumer<T> extends Consumer<T>, Serializable {
}
