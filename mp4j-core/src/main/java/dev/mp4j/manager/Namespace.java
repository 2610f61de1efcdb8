package dev.mp4j.manager;

import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Named attributes held by a manager server ({@code manager.Namespace()} in Python, where they
 * are read and written as {@code ns.x}). Each call is atomic.
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 */
public interface Namespace {

    /**
     * Python's {@code ns.name}.
     *
     * @param name the attribute
     * @return a copy of its value
     * @throws NoSuchElementException if it was never set (Python's AttributeError)
     */
    Object get(String name);

    /**
     * Python's {@code ns.name = value}.
     *
     * @param name  the attribute
     * @param value its new value, serializable
     */
    void set(String name, Object value);

    /**
     * Python's {@code hasattr(ns, name)}.
     *
     * @param name the attribute
     * @return true when it is set
     */
    boolean has(String name);

    /**
     * Removes the attribute (Python's {@code del ns.name}).
     *
     * @param name the attribute
     * @throws NoSuchElementException if it was never set
     */
    void delete(String name);

    /**
     * A copy of all attributes (Python's {@code vars(ns)}).
     *
     * @return the attributes in the order they were first set
     */
    Map<String, Object> attributes();
}
