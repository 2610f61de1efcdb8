package dev.mp4j.manager;

import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Named attributes held by a manager server ({@code manager.Namespace()} in Python, where they
 * are read and written as {@code ns.x}). Each call is atomic.
 */
public interface Namespace {

    /** The attribute's value. @throws NoSuchElementException if it was never set (Python's AttributeError) */
    Object get(String name);

    void set(String name, Object value);

    boolean has(String name);

    /** Removes the attribute. @throws NoSuchElementException if it was never set */
    void delete(String name);

    /** A copy of all attributes in the order they were first set. */
    Map<String, Object> attributes();
}
