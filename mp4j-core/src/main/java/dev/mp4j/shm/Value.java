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

    /**
     * A value of {@code typecode} with a lock (Python's {@code Value('H', 7)}).
     *
     * @param typecode one of {@code b B h H i I l L q Q f d c u ?}
     * @param initial  the initial value: a number, a Boolean, or for {@code c}/{@code u} a
     *                 character or one-character string
     * @return the value; an {@link OfInt}, {@link OfLong} or {@link OfDouble} for {@code i},
     *         {@code l}/{@code q} and {@code d}
     * @throws IllegalArgumentException for an unknown typecode, or an initial value of the wrong
     *         kind or out of the type's range (ctypes would truncate it)
     * @throws NullPointerException when {@code initial} is null
     */
    public static Value of(char typecode, Object initial) {
        return of(TypeCode.of(typecode), initial, true);
    }

    /**
     * A value of {@code typecode}, with a lock ({@code Value(typecode, v, lock=True)}) or without
     * ({@code RawValue(typecode, v)}).
     *
     * @param typecode one of {@code b B h H i I l L q Q f d c u ?}
     * @param initial  the initial value
     * @param withLock whether {@link #lock()} is available
     * @return the value
     * @throws IllegalArgumentException for an unknown typecode, or an initial value of the wrong
     *         kind or out of the type's range (ctypes would truncate it)
     * @throws NullPointerException when {@code initial} is null
     */
    public static Value of(char typecode, Object initial, boolean withLock) {
        return of(TypeCode.of(typecode), initial, withLock);
    }

    /**
     * A value of a typecode ({@code "H"}) or ctypes type ({@code "c_ushort"}), as Python's
     * {@code Value(c_ushort, v)} takes a ctypes type.
     *
     * @param typecodeOrCtype a one-character typecode or a ctypes name
     * @param initial         the initial value
     * @param withLock        whether {@link #lock()} is available
     * @return the value
     * @throws IllegalArgumentException for an unknown typecode, or an initial value of the wrong
     *         kind or out of the type's range (ctypes would truncate it)
     * @throws NullPointerException when {@code initial} is null
     */
    public static Value of(String typecodeOrCtype, Object initial, boolean withLock) {
        return of(TypeCode.of(typecodeOrCtype), initial, withLock);
    }

    /**
     * A value of {@code type}.
     *
     * @param type     the element type
     * @param initial  the initial value
     * @param withLock whether {@link #lock()} is available
     * @return the value
     * @throws IllegalArgumentException for an initial value of the wrong kind or out of range
     * @throws NullPointerException when {@code initial} is null
     */
    public static Value of(TypeCode type, Object initial, boolean withLock) {
        Cells cells = Cells.newValue(type, withLock);
        cells.set(0, initial);
        return wrap(cells);
    }

    /**
     * An int value with a lock (Python's {@code Value('i', initial)}).
     *
     * @param initial the initial value
     * @return the value
     */
    public static OfInt ofInt(int initial) {
        return ofInt(initial, true);
    }

    /**
     * An int value, with a lock or without (Python's {@code RawValue('i', initial)}).
     *
     * @param initial  the initial value
     * @param withLock whether {@link #lock()} is available
     * @return the value
     */
    public static OfInt ofInt(int initial, boolean withLock) {
        return (OfInt) of(TypeCode.INT, initial, withLock);
    }

    /**
     * A long value with a lock (Python's {@code Value('q', initial)}).
     *
     * @param initial the initial value
     * @return the value
     */
    public static OfLong ofLong(long initial) {
        return ofLong(initial, true);
    }

    /**
     * A long value, with a lock or without (Python's {@code RawValue('q', initial)}).
     *
     * @param initial  the initial value
     * @param withLock whether {@link #lock()} is available
     * @return the value
     */
    public static OfLong ofLong(long initial, boolean withLock) {
        return (OfLong) of(TypeCode.LONG_LONG, initial, withLock);
    }

    /**
     * A double value with a lock (Python's {@code Value('d', initial)}).
     *
     * @param initial the initial value
     * @return the value
     */
    public static OfDouble ofDouble(double initial) {
        return ofDouble(initial, true);
    }

    /**
     * A double value, with a lock or without (Python's {@code RawValue('d', initial)}).
     *
     * @param initial  the initial value
     * @param withLock whether {@link #lock()} is available
     * @return the value
     */
    public static OfDouble ofDouble(double initial, boolean withLock) {
        return (OfDouble) of(TypeCode.DOUBLE, initial, withLock);
    }

    /**
     * The element type (Python's {@code _type_} of the ctypes object).
     *
     * @return the type
     */
    public TypeCode typecode() {
        return cells.type;
    }

    /**
     * Python's {@code .value}: boxed as the typecode's Java type (see {@link TypeCode}).
     *
     * @return the current value, read atomically
     */
    public Object value() {
        return cells.get(0);
    }

    /**
     * Python's {@code .value = v}; refused when {@code v} does not fit the type.
     *
     * @param value a number, a Boolean, or for {@code c}/{@code u} a character or one-character
     *              string
     * @throws IllegalArgumentException when {@code value} is of the wrong kind or out of range
     * @throws NullPointerException when {@code value} is null
     */
    public void setValue(Object value) {
        cells.set(0, value);
    }

    /**
     * The value of an integer, char or bool type as a long, without boxing.
     *
     * @return the value (1 or 0 for a bool; the unsigned bits for {@code L} and {@code Q})
     * @throws UnsupportedOperationException for {@code f} and {@code d}
     */
    public long getLong() {
        return cells.getLong(0);
    }

    /**
     * Sets the value from a long, without boxing (a float type takes it as a double).
     *
     * @param value the new value
     * @throws IllegalArgumentException when {@code value} is out of the type's range
     */
    public void setLong(long value) {
        cells.setLong(0, value);
    }

    /**
     * The value as a double, for any type.
     *
     * @return the value
     */
    public double getDouble() {
        return cells.getDouble(0);
    }

    /**
     * Sets a {@code 'f'} or {@code 'd'} value, without boxing.
     *
     * @param value the new value
     * @throws UnsupportedOperationException for the integer, char and bool types
     */
    public void setDouble(double value) {
        cells.setDouble(0, value);
    }

    /**
     * Atomically adds to an integer or char value, wrapping within the type, without the lock.
     *
     * @param delta the amount to add
     * @return the previous value
     * @throws UnsupportedOperationException for {@code f}, {@code d} and {@code ?}
     */
    public long getAndAddLong(long delta) {
        return cells.getAndAddLong(0, delta);
    }

    /**
     * Atomically sets an integer, char or bool value if it is {@code expected}, without the lock.
     *
     * @param expected the value it must have
     * @param value    the new value
     * @return true when set
     * @throws UnsupportedOperationException for {@code f} and {@code d}
     * @throws IllegalArgumentException when {@code value} is out of the type's range
     */
    public boolean compareAndSetLong(long expected, long value) {
        return cells.compareAndSetLong(0, expected, value);
    }

    /**
     * The lock that guards this value (Python's {@code get_lock()}): a non-reentrant
     * {@link Lock} for compound updates of your own; the accessors never take it.
     *
     * @return the lock, shared by every process holding this value
     * @throws UnsupportedOperationException when the value was created without a lock
     */
    public Lock lock() {
        return cells.requireLock("Value");
    }

    /**
     * Whether the value was created with a lock.
     *
     * @return false for a {@code RawValue}
     */
    public boolean hasLock() {
        return cells.lock != null;
    }

    /**
     * The same shared value without its lock (Python's {@code get_obj()}, the raw ctypes object).
     *
     * @return a view of the same memory whose {@link #lock()} throws
     */
    public Value getObj() {
        return wrap(cells.withoutLock());
    }

    /**
     * The value's bytes in shared memory, in the machine's byte order, for raw access (Python's
     * {@code memoryview} of the ctypes object); accesses through it have no memory ordering of
     * their own.
     *
     * @return a slice of the shared segment, {@link TypeCode#byteSize()} bytes
     */
    public MemorySegment segment() {
        return cells.data();
    }

    /**
     * The shared segment's name, for diagnostics.
     *
     * @return the name of the {@code /dev/shm} file
     */
    public String name() {
        return cells.segment.name();
    }

    @Override
    public String toString() {
        return "Value('" + cells.type.code() + "', " + cells.format(0) + ")";
    }

    /**
     * Replaces the value with a handle naming its shared segment, which re-attaches to the same
     * value when deserialized in another process.
     *
     * @return the handle
     */
    @Serial
    final Object writeReplace() {
        return cells.handle(false);
    }

    /** A shared {@code int} ({@code 'i'}). */
    public static final class OfInt extends Value {
        private OfInt(Cells cells) {
            super(cells);
        }

        /**
         * The value, read atomically (Python's {@code .value}), without boxing.
         *
         * @return the current value
         */
        public int get() {
            return Words.getInt(memory, Cells.VALUE_OFFSET);
        }

        /**
         * Sets the value atomically (Python's {@code .value = v}), without the lock.
         *
         * @param value the new value
         */
        public void set(int value) {
            Words.setInt(memory, Cells.VALUE_OFFSET, value);
        }

        /**
         * Atomically sets the value, without the lock.
         *
         * @param value the new value
         * @return the previous value
         */
        public int getAndSet(int value) {
            return Words.getAndSetInt(memory, Cells.VALUE_OFFSET, value);
        }

        /**
         * Atomically adds {@code delta}, without the lock: Python's
         * {@code with v.get_lock(): v.value += delta} in one step.
         *
         * @param delta the amount to add
         * @return the new value
         */
        public int addAndGet(int delta) {
            return Words.getAndAddInt(memory, Cells.VALUE_OFFSET, delta) + delta;
        }

        /**
         * Atomically adds {@code delta}, without the lock.
         *
         * @param delta the amount to add
         * @return the previous value
         */
        public int getAndAdd(int delta) {
            return Words.getAndAddInt(memory, Cells.VALUE_OFFSET, delta);
        }

        /**
         * Atomically adds one, without the lock.
         *
         * @return the new value
         */
        public int incrementAndGet() {
            return addAndGet(1);
        }

        /**
         * Atomically sets the value if it is {@code expected}, without the lock.
         *
         * @param expected the value it must have
         * @param value    the new value
         * @return true when set
         */
        public boolean compareAndSet(int expected, int value) {
            return Words.casInt(memory, Cells.VALUE_OFFSET, expected, value);
        }

        /**
         * The same shared value without its lock (Python's {@code get_obj()}).
         *
         * @return a view of the same memory whose {@link #lock()} throws
         */
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

        /**
         * The value, read atomically (Python's {@code .value}), without boxing.
         *
         * @return the current value
         */
        public long get() {
            return Words.getLong(memory, Cells.VALUE_OFFSET);
        }

        /**
         * Sets the value atomically (Python's {@code .value = v}), without the lock.
         *
         * @param value the new value
         */
        public void set(long value) {
            Words.setLong(memory, Cells.VALUE_OFFSET, value);
        }

        /**
         * Atomically sets the value, without the lock.
         *
         * @param value the new value
         * @return the previous value
         */
        public long getAndSet(long value) {
            return Words.getAndSetLong(memory, Cells.VALUE_OFFSET, value);
        }

        /**
         * Atomically adds {@code delta}, without the lock: Python's
         * {@code with v.get_lock(): v.value += delta} in one step.
         *
         * @param delta the amount to add
         * @return the new value
         */
        public long addAndGet(long delta) {
            return Words.getAndAddLong(memory, Cells.VALUE_OFFSET, delta) + delta;
        }

        /**
         * Atomically adds {@code delta}, without the lock.
         *
         * @param delta the amount to add
         * @return the previous value
         */
        public long getAndAdd(long delta) {
            return Words.getAndAddLong(memory, Cells.VALUE_OFFSET, delta);
        }

        /**
         * Atomically adds one, without the lock.
         *
         * @return the new value
         */
        public long incrementAndGet() {
            return addAndGet(1);
        }

        /**
         * Atomically sets the value if it is {@code expected}, without the lock.
         *
         * @param expected the value it must have
         * @param value    the new value
         * @return true when set
         */
        public boolean compareAndSet(long expected, long value) {
            return Words.casLong(memory, Cells.VALUE_OFFSET, expected, value);
        }

        /**
         * The same shared value without its lock (Python's {@code get_obj()}).
         *
         * @return a view of the same memory whose {@link #lock()} throws
         */
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

        /**
         * The value, read atomically (Python's {@code .value}), without boxing.
         *
         * @return the current value
         */
        public double get() {
            return cells.getDouble(0);
        }

        /**
         * Sets the value atomically (Python's {@code .value = v}), without the lock.
         *
         * @param value the new value
         */
        public void set(double value) {
            cells.setDouble(0, value);
        }

        /**
         * Atomically sets the value, without the lock.
         *
         * @param value the new value
         * @return the previous value
         */
        public double getAndSet(double value) {
            return cells.getAndSetDouble(0, value);
        }

        /**
         * Atomically adds {@code delta}, without the lock: Python's
         * {@code with v.get_lock(): v.value += delta} in one step.
         *
         * @param delta the amount to add
         * @return the new value
         */
        public double addAndGet(double delta) {
            return cells.getAndAddDouble(0, delta) + delta;
        }

        /**
         * Atomically adds {@code delta}, without the lock.
         *
         * @param delta the amount to add
         * @return the previous value
         */
        public double getAndAdd(double delta) {
            return cells.getAndAddDouble(0, delta);
        }

        /**
         * Atomically sets the value if it is {@code expected}, without the lock (bit patterns are compared: NaN matches NaN, 0.0 does not match -0.0).
         *
         * @param expected the value it must have
         * @param value    the new value
         * @return true when set
         */
        public boolean compareAndSet(double expected, double value) {
            return cells.compareAndSetDouble(0, expected, value);
        }

        /**
         * The same shared value without its lock (Python's {@code get_obj()}).
         *
         * @return a view of the same memory whose {@link #lock()} throws
         */
        @Override
        public OfDouble getObj() {
            return (OfDouble) super.getObj();
        }
    }
}
