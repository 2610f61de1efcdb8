package dev.mp4j.internal.manager;

import dev.mp4j.manager.SharedArray;

import java.util.Arrays;
import java.util.List;

/** The server side of Array; every method synchronizes on this object. */
final class ArrayTarget implements SharedArray<Object> {
    private final Object[] elements;

    ArrayTarget(List<?> initial) {
        this.elements = initial.toArray();
    }

    @Override
    public int length() {
        return elements.length;
    }

    @Override
    public synchronized Object get(int index) {
        return elements[java.util.Objects.checkIndex(index, elements.length)];
    }

    @Override
    public synchronized void set(int index, Object value) {
        elements[java.util.Objects.checkIndex(index, elements.length)] = value;
    }

    @Override
    public synchronized List<Object> toList() {
        return new java.util.ArrayList<>(Arrays.asList(elements));
    }

    @Override
    public synchronized String toString() {
        return Arrays.toString(elements);
    }
}
