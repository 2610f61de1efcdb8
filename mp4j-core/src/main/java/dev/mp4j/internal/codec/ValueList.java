package dev.mp4j.internal.codec;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list the codec encodes element by element (one tag each) instead of through JDK
 * serialization: how mp4j batches task arguments and results. User lists are never turned into
 * this type, so what a user sends comes back as the type they sent.
 */
public final class ValueList extends AbstractList<Object> implements RandomAccess, Serializable {
    private final List<Object> elements;

    ValueList(List<Object> elements) {
        this.elements = elements;
    }

    /** Wraps {@code elements} without copying; the caller must not change them afterwards. */
    @SuppressWarnings("unchecked")
    public static ValueList wrap(List<?> elements) {
        return new ValueList((List<Object>) elements);
    }

    /** A list of the given ints, boxed when read; the caller must not change the array afterwards. */
    static ValueList ofInts(int[] values) {
        return new ValueList(new IntElements(values));
    }

    /** The elements of a decoded int list: one array, no box until an element is read. */
    private static final class IntElements extends AbstractList<Object> implements RandomAccess, Serializable {
        private final int[] values;

        IntElements(int[] values) {
            this.values = values;
        }

        @Override
        public Object get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }

        /** Boxes every element in one loop: how {@code ArrayList.addAll} and {@code List.copyOf} read a list. */
        @Override
        public Object[] toArray() {
            Object[] boxed = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                boxed[i] = values[i];
            }
            return boxed;
        }
    }

    /** The ints of a decoded int list, or null if this list is not one. */
    int[] ints() {
        return elements instanceof IntElements intElements ? intElements.values : null;
    }

    /** The backing list's own {@code toArray}: a bulk copy where the per-element path of {@code AbstractList} costs one call per element. */
    @Override
    public Object[] toArray() {
        return elements.toArray();
    }

    @Override
    public Object get(int index) {
        return elements.get(index);
    }

    @Override
    public int size() {
        return elements.size();
    }
}
