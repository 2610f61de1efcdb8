package dev.mp4j.function;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** A {@link Callable} that can be sent to another process. */
@FunctionalInterface
public interface SerializableCallable<V> extends Callable<V>, Serializable {
}
