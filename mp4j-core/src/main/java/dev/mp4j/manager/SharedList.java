package dev.mp4j.manager;

import java.util.List;

/**
 * A list held by a manager server ({@code manager.list()} in Python). Every method is one round
 * trip and runs atomically in the server; iteration, streams, {@code subList} and
 * {@code toArray} work on an unmodifiable snapshot taken in one call. Elements must be
 * serializable; a proxy element is stored as a reference to its shared object.
 */
public interface SharedList<E> extends List<E> {

    /** A copy of the whole list, taken atomically. */
    List<E> snapshot();
}
