package dev.mp4j.shm;

import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.sync.SyncAccess;
import dev.mp4j.sync.Lock;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;

/**
 * A typed number in shared memory, visible to every thread and process that holds it: Python's
 * {@code multiprocessing.Value} (and {@code RawValue} when created without a lock).
 *
 * <pre>{@code
 * Value.OfInt counter = Value.ofInt(0);
 * counter.addAndGet(1);                 // atomic, lock-free
 * counter.lock().lock();                // Python's get_lock(): guards compound updates
 * try { counter.set(counter.get() * 2); } finally { counter.lock().unlock(); }
 * }</pre>
 *
 * <p>Every access is atomic and volatile (sequentially consistent) across processes; the atomic
 * operations ({@code addAndGet}, {@code compareAndSet}, ...) never take the lock. The optional
 * {@link #lock()} is for read-modify-write sequences of your own, as in Python; its word shares
 * the value's cache line, so a locked update moves one line between processes, not two. Passing a value to a
 * child {@code Process} re-attaches it there.
 */
public abstract sealed class Value implements Serializable permits Value.OfInt, Value.OfLong, Value.OfDouble {
    /** The value's offset; the lock word, when there is a lock, is at 0, on the same cache line. */
    static final long VALUE = 8;
    final transient SharedSegment segment;
    final transient MemorySegment memory;
    final Lock lock;

    private Value(SharedSegment segment, Lock lock) {
        this.segment = segment;
        this.memory = segment.segment();
        this.lock = lock;
    }

    private static SharedSegment newSegment() {
        return SharedSegment.create(64);
    }

    private static Lock lockFor(SharedSegment segment, boolean withLock) {
        return withLock ? SyncAccess.lockAt(segment, 0) : null;
    }

    /** An int value with a lock (Python's {@code Value('i', initial)}). */
    public static OfInt ofInt(int initial) {
        return ofInt(initial, true);
    }

    /** An int value, with a lock or without ({@code RawValue}). */
    public static OfInt ofInt(int initial, boolean withLock) {
        SharedSegment segment = newSegment();
        OfInt value = new OfInt(segment, lockFor(segment, withLock));
        value.set(initial);
        return value;
    }

    /** A long value with a lock (Python's {@code Value('q', initial)}). */
    public static OfLong ofLong(long initial) {
        return ofLong(initial, true);
    }

    public static OfLong ofLong(long initial, boolean withLock) {
        SharedSegment segment = newSegment();
        OfLong value = new OfLong(segment, lockFor(segment, withLock));
        value.set(initial);
        return value;
    }

    /** A double value with a lock (Python's {@code Value('d', initial)}). */
    public static OfDouble ofDouble(double initial) {
        return ofDouble(initial, true);
    }

    public static OfDouble ofDouble(double initial, boolean withLock) {
        SharedSegment segment = newSegment();
        OfDouble value = new OfDouble(segment, lockFor(segment, withLock));
        value.set(initial);
        return value;
    }

    /**
     * The lock that guards this value (Python's {@code get_lock()}).
     *
     * @throws UnsupportedOperationException when the value was created without a lock
     */
    public Lock lock() {
        if (lock == null) {
            throw new UnsupportedOperationException("this Value was created without a lock (withLock=false);"
                    + " create it with Value.of...(initial) to get one, or use the atomic operations");
        }
        return lock;
    }

    public boolean hasLock() {
        return lock != null;
    }

    /** The shared segment's name (for diagnostics). */
    public String name() {
        return segment.name();
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
                default -> throw new IllegalStateException("unknown Value type " + type);
            };
        }
    }

    /** A shared {@code int}. */
    public static final class OfInt extends Value {
        private OfInt(SharedSegment segment, Lock lock) {
            super(segment, lock);
        }

        public int get() {
            return Words.getInt(memory, VALUE);
        }

        public void set(int value) {
            Words.setInt(memory, VALUE, value);
        }

        public int getAndSet(int value) {
            return Words.getAndSetInt(memory, VALUE, value);
        }

        public int addAndGet(int delta) {
            return Words.getAndAddInt(memory, VALUE, delta) + delta;
        }

        public int getAndAdd(int delta) {
            return Words.getAndAddInt(memory, VALUE, delta);
        }

        public int incrementAndGet() {
            return addAndGet(1);
        }

        public boolean compareAndSet(int expected, int value) {
            return Words.casInt(memory, VALUE, expected, value);
        }

        @Override
        public String toString() {
            return "Value('i', " + get() + ")";
        }
    }

    /** A shared {@code long}. */
    public static final class OfLong extends Value {
        private OfLong(SharedSegment segment, Lock lock) {
            super(segment, lock);
        }

        public long get() {
            return Words.getLong(memory, VALUE);
        }

        public void set(long value) {
            Words.setLong(memory, VALUE, value);
        }

        public long getAndSet(long value) {
            return Words.getAndSetLong(memory, VALUE, value);
        }

        public long addAndGet(long delta) {
            return Words.getAndAddLong(memory, VALUE, delta) + delta;
        }

        public long getAndAdd(long delta) {
            return Words.getAndAddLong(memory, VALUE, delta);
        }

        public long incrementAndGet() {
            return addAndGet(1);
        }

        public boolean compareAndSet(long expected, long value) {
            return Words.casLong(memory, VALUE, expected, value);
        }

        @Override
        public String toString() {
            return "Value('q', " + get() + ")";
        }
    }

    /** A shared {@code double}, stored as its IEEE bits; atomic operations compare bit patterns. */
    public static final class OfDouble extends Value {
        private OfDouble(SharedSegment segment, Lock lock) {
            super(segment, lock);
        }

        public double get() {
            return Double.longBitsToDouble(Words.getLong(memory, VALUE));
        }

        public void set(double value) {
            Words.setLong(memory, VALUE, Double.doubleToRawLongBits(value));
        }

        public double getAndSet(double value) {
            return Double.longBitsToDouble(Words.getAndSetLong(memory, VALUE, Double.doubleToRawLongBits(value)));
        }

        public double addAndGet(double delta) {
            return getAndAdd(delta) + delta;
        }

        public double getAndAdd(double delta) {
            while (true) {
                long bits = Words.getLong(memory, VALUE);
                double current = Double.longBitsToDouble(bits);
                if (Words.casLong(memory, VALUE, bits, Double.doubleToRawLongBits(current + delta))) {
                    return current;
                }
            }
        }

        public boolean compareAndSet(double expected, double value) {
            return Words.casLong(memory, VALUE, Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value));
        }

        @Override
        public String toString() {
            return "Value('d', " + get() + ")";
        }
    }
}
