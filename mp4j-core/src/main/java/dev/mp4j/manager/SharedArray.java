package dev.mp4j.manager;

import java.util.List;

/**
 * A fixed-length array held by a manager server ({@code manager.Array(typecode, sequence)}).
 * Each call is atomic; the length never changes.
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 *
 * @param <E> the type of the elements, serializable
 */
public interface SharedArray<E> {

    /**
     * Python's {@code len(a)}.
     *
     * @return the number of elements, fixed
     */
    int length();

    /**
     * Python's {@code a[i]}.
     *
     * @param index the element's position
     * @return a copy of the element
     * @throws IndexOutOfBoundsException outside {@code 0..length-1}
     */
    E get(int index);

    /**
     * Python's {@code a[i] = v}.
     *
     * @param index the element's position
     * @param value the new element, serializable
     * @throws IndexOutOfBoundsException outside {@code 0..length-1}
     */
    void set(int index, E value);

    /**
     * A copy of all elements (Python's {@code a[:]}), taken atomically.
     *
     * @return a new list
     */
    List<E> toList();
}
