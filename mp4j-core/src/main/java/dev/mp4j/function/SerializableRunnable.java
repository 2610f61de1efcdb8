package dev.mp4j.function;

import java.io.Serializable;

/** A {@link Runnable} that can be sent to another process: the target of a {@code Process}. */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {
}
