package dev.mp4j.manager;

import java.util.List;

/**
 * A list held by a manager server ({@code manager.list()} in Python). Every method is one round
 * trip and runs atomically in the server; iteration, streams, {@code subList} and
 * {@code toArray} work on an unmodifiable snapshot taken in one call. Elements must be
 * serializable; a proxy element is stored as a reference to its shared object.
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 *
 * @param <E> the type of the elements, serializable
 */
public interface SharedList<E> extends List<E> {

    /**
     * A copy of the whole list, taken atomically (Python's {@code l[:]}).
     *
     * @return an unmodifiable copy
     */
    List<E> snapshot();
}
