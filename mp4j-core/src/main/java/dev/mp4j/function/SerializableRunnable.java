package dev.mp4j.function;

import java.io.Serializable;

/**
 * A {@link Runnable} that can be sent to another process: the target of a {@code Process}
 * (Python's {@code Process(target=f)} with the arguments captured by the lambda), a pool's
 * initializer, a {@code Barrier}'s action and a task given to {@code PoolExecutor.submit}.
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {
}
