package dev.mp4j.manager;

import dev.mp4j.function.SerializableFunction;

/**
 * One value held by a manager server ({@code manager.Value(typecode, value)}). Each method is
 * atomic in the server.
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 *
 * @param <T> the type of the value, serializable
 */
public interface SharedValue<T> {

    /**
     * Python's {@code v.value}.
     *
     * @return a copy of the value
     */
    T get();

    /**
     * Python's {@code v.value = x}.
     *
     * @param value the new value, serializable
     */
    void set(T value);

    /**
     * Sets the value and returns the old one, in one call.
     *
     * @param value the new value, serializable
     * @return the previous value
     */
    T getAndSet(T value);

    /**
     * Sets {@code update} if the current value equals {@code expected} ({@link Object#equals}), in
     * one call.
     *
     * @param expected the value it must have
     * @param update   the new value
     * @return true when set
     */
    boolean compareAndSet(T expected, T update);

    /**
     * Applies {@code function} in the server, atomically: Python's
     * {@code with lock: v.value = f(v.value)} in one call.
     *
     * @param function computes the new value from the old one; serializable
     * @return the new value
     */
    T updateAndGet(SerializableFunction<T, T> function);

    /**
     * Adds {@code delta} to a numeric value (Integer, Long or Double; the type is kept) and returns
     * the sum: Python's {@code v.value += delta}, atomic.
     *
     * @param delta the amount to add
     * @return the new value
     * @throws IllegalStateException if the value is not one of those types
     */
    T addAndGet(Number delta);
}
