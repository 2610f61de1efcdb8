package dev.mp4j.internal.manager;

import dev.mp4j.manager.Namespace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.Collectors;

/** The server side of Namespace; every method synchronizes on this object. */
final class NamespaceTarget implements Namespace {
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    @Override
    public synchronized Object get(String name) {
        if (!attributes.containsKey(Objects.requireNonNull(name, "name"))) {
            throw new NoSuchElementException("namespace has no attribute '" + name + "'");
        }
        return attributes.get(name);
    }

    @Override
    public synchronized void set(String name, Object value) {
        attributes.put(Objects.requireNonNull(name, "name"), value);
    }

    @Override
    public synchronized boolean has(String name) {
        return attributes.containsKey(name);
    }

    @Override
    public synchronized void delete(String name) {
        if (!attributes.containsKey(name)) {
            throw new NoSuchElementException("namespace has no attribute '" + name + "'");
        }
        attributes.remove(name);
    }

    @Override
    public synchronized Map<String, Object> attributes() {
        return new LinkedHashMap<>(attributes);
    }

    @Override
    public synchronized String toString() {
        return attributes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "Namespace(", ")"));
    }
}
