package dev.mp4j.manager;

import java.util.List;

/**
 * A fixed-length array held by a manager server ({@code manager.Array(typecode, sequence)}).
 * Each call is atomic; the length never changes.
 */
public interface SharedArray<E> {

    int length();

    /** @throws IndexOutOfBoundsException outside {@code 0..length-1} */
    E get(int index);

    /** @throws IndexOutOfBoundsException outside {@code 0..length-1} */
    void set(int index, E value);

    /** A copy of all elements. */
    List<E> toList();
}
