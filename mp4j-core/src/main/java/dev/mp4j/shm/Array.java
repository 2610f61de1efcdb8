package dev.mp4j.shm;

import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.sync.Lock;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A fixed-length typed array in shared memory: Python's {@code multiprocessing.Array} (and
 * {@code RawArray} without a lock).
 *
 * <p>Every element access is atomic and volatile (sequentially consistent) across processes;
 * {@link #toString()} and {@code toArray()} read element by element, not as one snapshot. The optional
 * {@link #lock()} guards multi-element updates of your own. Passing an array to a child
 * {@code Process} re-attaches it there.
 *
 * <p>Layout: a 64-byte header holding the length, then the elements.
 */
public abstract sealed class Array implements Serializable permits Array.OfInt, Array.OfLong, Array.OfDouble {
    static final long DATA = 64;
    final transient SharedSegment segment;
    final transient MemorySegment memory;
    final transient int length;
    final Lock lock;

    private Array(SharedSegment segment, Lock lock) {
        this.segment = segment;
        this.memory = segment.segment();
        this.length = Words.getInt(memory, 0);
        this.lock = lock;
    }

    private static SharedSegment newSegment(int length, int elementSize) {
        if (length < 0) {
            throw new IllegalArgumentException("array length must be >= 0, not " + length);
        }
        SharedSegment segment = SharedSegment.create(DATA + (long) length * elementSize);
        Words.setInt(segment.segment(), 0, length);
        return segment;
    }

    private static Lock newLock(boolean withLock) {
        return withLock ? Lock.create() : null;
    }

    /** {@code length} zeros, with a lock (Python's {@code Array('i', length)}). */
    public static OfInt ofInt(int length) {
        return new OfInt(newSegment(length, 4), newLock(true));
    }

    /** A copy of {@code values}, with a lock (Python's {@code Array('i', values)}). */
    public static OfInt ofInt(int[] values) {
        return ofInt(values, true);
    }

    public static OfInt ofInt(int[] values, boolean withLock) {
        OfInt array = new OfInt(newSegment(values.length, 4), newLock(withLock));
        for (int i = 0; i < values.length; i++) {
            array.set(i, values[i]);
        }
        return array;
    }

    public static OfLong ofLong(int length) {
        return new OfLong(newSegment(length, 8), newLock(true));
    }

    public static OfLong ofLong(long[] values) {
        return ofLong(values, true);
    }

    public static OfLong ofLong(long[] values, boolean withLock) {
        OfLong array = new OfLong(newSegment(values.length, 8), newLock(withLock));
        for (int i = 0; i < values.length; i++) {
            array.set(i, values[i]);
        }
        return array;
    }

    public static OfDouble ofDouble(int length) {
        return new OfDouble(newSegment(length, 8), newLock(true));
    }

    public static OfDouble ofDouble(double[] values) {
        return ofDouble(values, true);
    }

    public static OfDouble ofDouble(double[] values, boolean withLock) {
        OfDouble array = new OfDouble(newSegment(values.length, 8), newLock(withLock));
        for (int i = 0; i < values.length; i++) {
            array.set(i, values[i]);
        }
        return array;
    }

    public int length() {
        return length;
    }

    /**
     * The lock that guards this array (Python's {@code get_lock()}).
     *
     * @throws UnsupportedOperationException when the array was created without a lock
     */
    public Lock lock() {
        if (lock == null) {
            throw new UnsupportedOperationException("this Array was created without a lock (withLock=false);"
                    + " create it with Array.of...(values) to get one, or use the atomic operations");
        }
        return lock;
    }

    public boolean hasLock() {
        return lock != null;
    }

    public String name() {
        return segment.name();
    }

    final long offset(int index, int elementSize) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for shared array of length " + length);
        }
        return DATA + (long) index * elementSize;
    }

    @Serial
    final Object writeReplace() {
        return new Handle(getClass().getSimpleName(), segment.name(), lock);
    }

    /**
     * What crosses a process boundary in place of the object. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    private static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String type;
        private final String segment;
        private final Lock lock;

        Handle(String type, String segment, Lock lock) {
            this.type = type;
            this.segment = segment;
            this.lock = lock;
        }

        @Serial
        private Object readResolve() {
            SharedSegment opened = SharedSegment.open(segment);
            return switch (type) {
                case "OfInt" -> new OfInt(opened, lock);
                case "OfLong" -> new OfLong(opened, lock);
                case "OfDouble" -> new OfDouble(opened, lock);
                default -> throw new IllegalStateException("unknown Array type " + type);
            };
        }
    }

    /** A shared {@code int[]}. */
    public static final class OfInt extends Array {
        private OfInt(SharedSegment segment, Lock lock) {
            super(segment, lock);
        }

        public int get(int index) {
            return Words.getInt(memory, offset(index, 4));
        }

        public void set(int index, int value) {
            Words.setInt(memory, offset(index, 4), value);
        }

        public int addAndGet(int index, int delta) {
            return Words.getAndAddInt(memory, offset(index, 4), delta) + delta;
        }

        public int getAndAdd(int index, int delta) {
            return Words.getAndAddInt(memory, offset(index, 4), delta);
        }

        public boolean compareAndSet(int index, int expected, int value) {
            return Words.casInt(memory, offset(index, 4), expected, value);
        }

        public int[] toArray() {
            int[] copy = new int[length];
            for (int i = 0; i < length; i++) {
                copy[i] = get(i);
            }
            return copy;
        }

        @Override
        public String toString() {
            return Arrays.toString(toArray());
        }
    }

    /** A shared {@code long[]}. */
    public static final class OfLong extends Array {
        private OfLong(SharedSegment segment, Lock lock) {
            super(segment, lock);
        }

        public long get(int index) {
            return Words.getLong(memory, offset(index, 8));
        }

        public void set(int index, long value) {
            Words.setLong(memory, offset(index, 8), value);
        }

        public long addAndGet(int index, long delta) {
            return Words.getAndAddLong(memory, offset(index, 8), delta) + delta;
        }

        public long getAndAdd(int index, long delta) {
            return Words.getAndAddLong(memory, offset(index, 8), delta);
        }

        public boolean compareAndSet(int index, long expected, long value) {
            return Words.casLong(memory, offset(index, 8), expected, value);
        }

        public long[] toArray() {
            long[] copy = new long[length];
            for (int i = 0; i < length; i++) {
                copy[i] = get(i);
            }
            return copy;
        }

        @Override
        public String toString() {
            return Arrays.toString(toArray());
        }
    }

    /** A shared {@code double[]}; atomic operations compare bit patterns. */
    public static final class OfDouble extends Array {
        private OfDouble(SharedSegment segment, Lock lock) {
            super(segment, lock);
        }

        public double get(int index) {
            return Double.longBitsToDouble(Words.getLong(memory, offset(index, 8)));
        }

        public void set(int index, double value) {
            Words.setLong(memory, offset(index, 8), Double.doubleToRawLongBits(value));
        }

        public double getAndAdd(int index, double delta) {
            long at = offset(index, 8);
            while (true) {
                long bits = Words.getLong(memory, at);
                double current = Double.longBitsToDouble(bits);
                if (Words.casLong(memory, at, bits, Double.doubleToRawLongBits(current + delta))) {
                    return current;
                }
            }
        }

        public double addAndGet(int index, double delta) {
            return getAndAdd(index, delta) + delta;
        }

        public boolean compareAndSet(int index, double expected, double value) {
            return Words.casLong(memory, offset(index, 8), Double.doubleToRawLongBits(expected),
                    Double.doubleToRawLongBits(value));
        }

        public double[] toArray() {
            double[] copy = new double[length];
            for (int i = 0; i < length; i++) {
                copy[i] = get(i);
            }
            return copy;
        }

        @Override
        public String toString() {
            return Arrays.toString(toArray());
        }
    }
}
