package dev.mp4j.manager;

import dev.mp4j.function.SerializableFunction;

/**
 * One value held by a manager server ({@code manager.Value(typecode, value)}). Each method is
 * atomic in the server.
 */
public interface SharedValue<T> {

    T get();

    void set(T value);

    T getAndSet(T value);

    /** Sets {@code update} if the current value equals {@code expected}. */
    boolean compareAndSet(T expected, T update);

    /** Applies {@code function} in the server, atomically, and returns the new value. */
    T updateAndGet(SerializableFunction<T, T> function);

    /**
     * Adds {@code delta} to a numeric value (Integer, Long or Double; the type is kept) and returns
     * the sum. @throws IllegalStateException if the value is not one of those types
     */
    T addAndGet(Number delta);
}
