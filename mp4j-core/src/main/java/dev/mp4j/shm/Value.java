package dev.mp4j.shm;

import dev.mp4j.internal.shm.Words;
import dev.mp4j.sync.Lock;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;

/**
 * A typed value in shared memory, visible to every thread and process that holds it: Python's
 * {@code multiprocessing.Value} (and {@code RawValue} when created without a lock), for every
 * ctypes {@link TypeCode}.
 *
 * <pre>{@code
 * Value.OfInt counter = Value.ofInt(0);
 * counter.addAndGet(1);                 // atomic, lock-free
 * counter.lock().lock();                // Python's get_lock(): guards compound updates
 * try { counter.set(counter.get() * 2); } finally { counter.lock().unlock(); }
 *
 * Value flag = Value.of('?', false);    // Value(c_bool, False)
 * flag.setValue(true);
 * Value small = Value.of("c_ushort", 65535, false);   // RawValue('H', 65535)
 * }</pre>
 *
 * <p>{@code Value.of} returns a {@link OfInt} for {@code 'i'}, an {@link OfLong} for {@code 'l'} and
 * {@code 'q'}, an {@link OfDouble} for {@code 'd'} (typed accessors without boxing), and a plain
 * {@code Value} for the other typecodes. {@link #value()} and {@link #setValue} are Python's
 * {@code .value} for every type; the {@code long}, {@code double} and {@code boolean} accessors
 * avoid boxing.
 *
 * <p>Every access is atomic and volatile (sequentially consistent) across processes; the atomic
 * operations ({@code addAndGet}, {@code compareAndSet}, ...) never take the lock. The optional
 * {@link #lock()} is for read-modify-write sequences of your own, as in Python; its word shares
 * the value's cache line, so a locked update moves one line between processes, not two. Passing a
 * value to a child {@code Process} re-attaches it there. Thread-safe.
 */
public sealed class Value implements Serializable permits Value.OfInt, Value.OfLong, Value.OfDouble {
    final transient Cells cells;
    final transient MemorySegment memory;

    Value(Cells cells) {
        this.cells = cells;
        this.memory = cells.memory;
    }

    static Value wrap(Cells cells) {
        return switch (cells.type) {
            case INT -> new OfInt(cells);
            case LONG, LONG_LONG -> new OfLong(cells);
            case DOUBLE -> new OfDouble(cells);
            default -> new Value(cells);
        };
    }

    /** A value of {@code typecode} with a lock (Python's {@code Value('H', 7)}). */
    public static Value of(char typecode, Object initial) {
        return of(TypeCode.of(typecode), initial, true);
    }

    /** A value of {@code typecode}, with a lock or without ({@code RawValue}). */
    public static Value of(char typecode, Object initial, boolean withLock) {
        return of(TypeCode.of(typecode), initial, withLock);
    }

    /** A value of a typecode ({@code "H"}) or ctypes type ({@code "c_ushort"}). */
    public static Value of(String typecodeOrCtype, Object initial, boolean withLock) {
        return of(TypeCode.of(typecodeOrCtype), initial, withLock);
    }

    public static Value of(TypeCode type, Object initial, boolean withLock) {
        Cells cells = Cells.newValue(type, withLock);
        cells.set(0, initial);
        return wrap(cells);
    }

    /** An int value with a lock (Python's {@code Value('i', initial)}). */
    public static OfInt ofInt(int initial) {
        return ofInt(initial, true);
    }

    /** An int value, with a lock or without ({@code RawValue}). */
    public static OfInt ofInt(int initial, boolean withLock) {
        return (OfInt) of(TypeCode.INT, initial, withLock);
    }

    /** A long value with a lock (Python's {@code Value('q', initial)}). */
    public static OfLong ofLong(long initial) {
        return ofLong(initial, true);
    }

    public static OfLong ofLong(long initial, boolean withLock) {
        return (OfLong) of(TypeCode.LONG_LONG, initial, withLock);
    }

    /** A double value with a lock (Python's {@code Value('d', initial)}). */
    public static OfDouble ofDouble(double initial) {
        return ofDouble(initial, true);
    }

    public static OfDouble ofDouble(double initial, boolean withLock) {
        return (OfDouble) of(TypeCode.DOUBLE, initial, withLock);
    }

    public TypeCode typecode() {
        return cells.type;
    }

    /** Python's {@code .value}: boxed as the typecode's Java type (see {@link TypeCode}). */
    public Object value() {
        return cells.get(0);
    }

    /** Python's {@code .value = v}; refused when {@code v} does not fit the type. */
    public void setValue(Object value) {
        cells.set(0, value);
    }

    /** The value of an integer, char or bool type as a long. */
    public long getLong() {
        return cells.getLong(0);
    }

    public void setLong(long value) {
        cells.setLong(0, value);
    }

    /** The value as a double (any numeric type). */
    public double getDouble() {
        return cells.getDouble(0);
    }

    /** Sets a {@code 'f'} or {@code 'd'} value. */
    public void setDouble(double value) {
        cells.setDouble(0, value);
    }

    /** Atomically adds to an integer or char value, wrapping within the type; returns the old value. */
    public long getAndAddLong(long delta) {
        return cells.getAndAddLong(0, delta);
    }

    /** Atomically sets an integer, char or bool value if it is {@code expected}. */
    public boolean compareAndSetLong(long expected, long value) {
        return cells.compareAndSetLong(0, expected, value);
    }

    /**
     * The lock that guards this value (Python's {@code get_lock()}).
     *
     * @throws UnsupportedOperationException when the value was created without a lock
     */
    public Lock lock() {
        return cells.requireLock("Value");
    }

    public boolean hasLock() {
        return cells.lock != null;
    }

    /** The same shared value without its lock (Python's {@code get_obj()}, the raw ctypes object). */
    public Value getObj() {
        return wrap(cells.withoutLock());
    }

    /** The value's bytes in shared memory, in the machine's byte order (raw access). */
    public MemorySegment segment() {
        return cells.data();
    }

    /** The shared segment's name (for diagnostics). */
    public String name() {
        return cells.segment.name();
    }

    @Override
    public String toString() {
        return "Value('" + cells.type.code() + "', " + cells.format(0) + ")";
    }

    @Serial
    final Object writeReplace() {
        return cells.handle(false);
    }

    /** A shared {@code int} ({@code 'i'}). */
    public static final class OfInt extends Value {
        private OfInt(Cells cells) {
            super(cells);
        }

        public int get() {
            return Words.getInt(memory, Cells.VALUE_OFFSET);
        }

        public void set(int value) {
            Words.setInt(memory, Cells.VALUE_OFFSET, value);
        }

        public int getAndSet(int value) {
            return Words.getAndSetInt(memory, Cells.VALUE_OFFSET, value);
        }

        public int addAndGet(int delta) {
            return Words.getAndAddInt(memory, Cells.VALUE_OFFSET, delta) + delta;
        }

        public int getAndAdd(int delta) {
            return Words.getAndAddInt(memory, Cells.VALUE_OFFSET, delta);
        }

        public int incrementAndGet() {
            return addAndGet(1);
        }

        public boolean compareAndSet(int expected, int value) {
            return Words.casInt(memory, Cells.VALUE_OFFSET, expected, value);
        }

        @Override
        public OfInt getObj() {
            return (OfInt) super.getObj();
        }
    }

    /** A shared {@code long} ({@code 'q'} or {@code 'l'}). */
    public static final class OfLong extends Value {
        private OfLong(Cells cells) {
            super(cells);
        }

        public long get() {
            return Words.getLong(memory, Cells.VALUE_OFFSET);
        }

        public void set(long value) {
            Words.setLong(memory, Cells.VALUE_OFFSET, value);
        }

        public long getAndSet(long value) {
            return Words.getAndSetLong(memory, Cells.VALUE_OFFSET, value);
        }

        public long addAndGet(long delta) {
            return Words.getAndAddLong(memory, Cells.VALUE_OFFSET, delta) + delta;
        }

        public long getAndAdd(long delta) {
            return Words.getAndAddLong(memory, Cells.VALUE_OFFSET, delta);
        }

        public long incrementAndGet() {
            return addAndGet(1);
        }

        public boolean compareAndSet(long expected, long value) {
            return Words.casLong(memory, Cells.VALUE_OFFSET, expected, value);
        }

        @Override
        public OfLong getObj() {
            return (OfLong) super.getObj();
        }
    }

    /** A shared {@code double} ({@code 'd'}); atomic operations compare bit patterns. */
    public static final class OfDouble extends Value {
        private OfDouble(Cells cells) {
            super(cells);
        }

        public double get() {
            return cells.getDouble(0);
        }

        public void set(double value) {
            cells.setDouble(0, value);
        }

        public double getAndSet(double value) {
            return cells.getAndSetDouble(0, value);
        }

        public double addAndGet(double delta) {
            return cells.getAndAddDouble(0, delta) + delta;
        }

        public double getAndAdd(double delta) {
            return cells.getAndAddDouble(0, delta);
        }

        public boolean compareAndSet(double expected, double value) {
            return cells.compareAndSetDouble(0, expected, value);
        }

        @Override
        public OfDouble getObj() {
            return (OfDouble) super.getObj();
        }
    }
}
