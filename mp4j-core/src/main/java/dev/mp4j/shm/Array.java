package dev.mp4j.shm;

import dev.mp4j.internal.shm.Words;
import dev.mp4j.sync.Lock;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

/**
 * A fixed-length typed array in shared memory: Python's {@code multiprocessing.Array} (and
 * {@code RawArray} without a lock), for every ctypes {@link TypeCode}.
 *
 * <pre>{@code
 * Array.OfInt squares = Array.ofInt(4);             // Array('i', 4)
 * squares.set(1, new int[]{1, 4, 9});               // a[1:4] = [1, 4, 9]
 * int[] slice = squares.get(0, 2);                  // a[0:2] -> [0, 1]
 *
 * Array bytes = Array.of('B', new int[]{1, 2, 255}); // Array('B', [1, 2, 255])
 * short[] all = (short[]) bytes.get(0, bytes.length());
 * Array text = Array.of('c', "hello");              // Array('c', b'hello')
 * text.setString("hi");                             // a.value = b'hi'
 * }</pre>
 *
 * <p>{@code Array.of} returns an {@link OfInt} for {@code 'i'}, an {@link OfLong} for {@code 'l'} and
 * {@code 'q'}, an {@link OfDouble} for {@code 'd'} (typed accessors and slices without boxing), and a
 * plain {@code Array} for the other typecodes, whose {@link #get(int, int)} returns the typecode's
 * Java array ({@code short[]} for {@code 'B'}, ...; see {@link TypeCode}).
 *
 * <p>Every element access is atomic and volatile (sequentially consistent) across processes.
 * Slices, {@link #toList()}, {@code toArray()} and {@link #toString()} read element by element, not
 * as one snapshot, and never take the lock: hold {@link #lock()} around them for a consistent view
 * against other holders of the lock (Python's synchronized wrapper takes its lock on each access
 * instead). A slice write checks every value before it writes the first. Passing an array to a
 * child {@code Process} re-attaches it there. Thread-safe.
 *
 * <p>Layout: a 64-byte header holding the length and the typecode, then the elements.
 */
public sealed class Array implements Serializable permits Array.OfInt, Array.OfLong, Array.OfDouble {
    final transient Cells cells;
    final transient MemorySegment memory;
    final transient int length;

    Array(Cells cells) {
        this.cells = cells;
        this.memory = cells.memory;
        this.length = cells.length;
    }

    static Array wrap(Cells cells) {
        return switch (cells.type) {
            case INT -> new OfInt(cells);
            case LONG, LONG_LONG -> new OfLong(cells);
            case DOUBLE -> new OfDouble(cells);
            default -> new Array(cells);
        };
    }

    /**
     * {@code length} zeros of {@code typecode}, with a lock (Python's {@code Array('H', 10)}).
     *
     * @param typecode one of {@code b B h H i I l L q Q f d c u ?}
     * @param length   the number of elements, 0 or more
     * @return the array; an {@link OfInt}, {@link OfLong} or {@link OfDouble} for {@code i},
     *         {@code l}/{@code q} and {@code d}
     * @throws IllegalArgumentException for an unknown typecode or a negative length
     */
    public static Array of(char typecode, int length) {
        return of(TypeCode.of(typecode), length, true);
    }

    /**
     * {@code length} zeros of {@code typecode}, with a lock or without (Python's
     * {@code RawArray('H', 10)}).
     *
     * @param typecode one of {@code b B h H i I l L q Q f d c u ?}
     * @param length   the number of elements, 0 or more
     * @param withLock whether {@link #lock()} is available
     * @return the array
     * @throws IllegalArgumentException for an unknown typecode or a negative length
     */
    public static Array of(char typecode, int length, boolean withLock) {
        return of(TypeCode.of(typecode), length, withLock);
    }

    /**
     * {@code length} zeros of {@code type}.
     *
     * @param type     the element type
     * @param length   the number of elements, 0 or more
     * @param withLock whether {@link #lock()} is available
     * @return the array
     * @throws IllegalArgumentException for a negative length
     */
    public static Array of(TypeCode type, int length, boolean withLock) {
        return wrap(Cells.newArray(type, length, withLock));
    }

    /**
     * A copy of {@code values}, with a lock (Python's {@code Array('H', [1, 2])}): a Java array of
     * numbers or booleans, a {@link List}, or for {@code 'c'} and {@code 'u'} a {@link String}.
     *
     * @param typecode one of {@code b B h H i I l L q Q f d c u ?}
     * @param values   the initial elements; their number is the array's length
     * @return the array
     * @throws IllegalArgumentException for an unknown typecode, a value of the wrong kind or out
     *         of range, or {@code values} that is a single number or not an array, List or String
     */
    public static Array of(char typecode, Object values) {
        return of(TypeCode.of(typecode), values, true);
    }

    /**
     * A copy of {@code values}, with a lock or without (Python's {@code RawArray('H', [1, 2])}).
     *
     * @param typecode one of {@code b B h H i I l L q Q f d c u ?}
     * @param values   the initial elements: an array, a List, or a String for {@code c}/{@code u}
     * @param withLock whether {@link #lock()} is available
     * @return the array
     * @throws IllegalArgumentException as {@link #of(char, Object)} throws it
     */
    public static Array of(char typecode, Object values, boolean withLock) {
        return of(TypeCode.of(typecode), values, withLock);
    }

    /**
     * A copy of {@code values} as elements of {@code type}.
     *
     * @param type     the element type
     * @param values   the initial elements: an array, a List, or a String for {@code c}/{@code u}
     * @param withLock whether {@link #lock()} is available
     * @return the array
     * @throws IllegalArgumentException as {@link #of(char, Object)} throws it
     */
    public static Array of(TypeCode type, Object values, boolean withLock) {
        if (values instanceof String text) {
            int length = type == TypeCode.CHAR ? text.getBytes(StandardCharsets.ISO_8859_1).length
                    : text.codePointCount(0, text.length());
            Cells cells = Cells.newArray(type, length, withLock);
            cells.setString(text);
            return wrap(cells);
        }
        if (values instanceof Number) {
            throw new IllegalArgumentException("give a length as an int, or the initial values as an array or a List,"
                    + " not a " + values.getClass().getSimpleName());
        }
        int length = values instanceof List<?> list ? list.size()
                : values != null && values.getClass().isArray() ? java.lang.reflect.Array.getLength(values) : -1;
        if (length < 0) {
            throw new IllegalArgumentException("the initial values must be an array, a List or (for 'c' and 'u') a"
                    + " String, not " + (values == null ? "null" : "a " + values.getClass().getName()));
        }
        Cells cells = Cells.newArray(type, length, withLock);
        cells.setSlice(0, values);
        return wrap(cells);
    }

    /**
     * {@code length} int zeros, with a lock (Python's {@code Array('i', length)}).
     *
     * @param length the number of elements, 0 or more
     * @return the array
     * @throws IllegalArgumentException for a negative length
     */
    public static OfInt ofInt(int length) {
        return (OfInt) of(TypeCode.INT, length, true);
    }

    /**
     * A copy of {@code values}, with a lock (Python's {@code Array('i', values)}).
     *
     * @param values the initial elements
     * @return the array
     */
    public static OfInt ofInt(int[] values) {
        return ofInt(values, true);
    }

    /**
     * A copy of {@code values}, with a lock or without (Python's {@code RawArray('i', values)}).
     *
     * @param values   the initial elements
     * @param withLock whether {@link #lock()} is available
     * @return the array
     */
    public static OfInt ofInt(int[] values, boolean withLock) {
        return (OfInt) of(TypeCode.INT, (Object) values, withLock);
    }

    /**
     * {@code length} long zeros, with a lock (Python's {@code Array('q', length)}).
     *
     * @param length the number of elements, 0 or more
     * @return the array
     * @throws IllegalArgumentException for a negative length
     */
    public static OfLong ofLong(int length) {
        return (OfLong) of(TypeCode.LONG_LONG, length, true);
    }

    /**
     * A copy of {@code values}, with a lock (Python's {@code Array('q', values)}).
     *
     * @param values the initial elements
     * @return the array
     */
    public static OfLong ofLong(long[] values) {
        return ofLong(values, true);
    }

    /**
     * A copy of {@code values}, with a lock or without (Python's {@code RawArray('q', values)}).
     *
     * @param values   the initial elements
     * @param withLock whether {@link #lock()} is available
     * @return the array
     */
    public static OfLong ofLong(long[] values, boolean withLock) {
        return (OfLong) of(TypeCode.LONG_LONG, (Object) values, withLock);
    }

    /**
     * {@code length} double zeros, with a lock (Python's {@code Array('d', length)}).
     *
     * @param length the number of elements, 0 or more
     * @return the array
     * @throws IllegalArgumentException for a negative length
     */
    public static OfDouble ofDouble(int length) {
        return (OfDouble) of(TypeCode.DOUBLE, length, true);
    }

    /**
     * A copy of {@code values}, with a lock (Python's {@code Array('d', values)}).
     *
     * @param values the initial elements
     * @return the array
     */
    public static OfDouble ofDouble(double[] values) {
        return ofDouble(values, true);
    }

    /**
     * A copy of {@code values}, with a lock or without (Python's {@code RawArray('d', values)}).
     *
     * @param values   the initial elements
     * @param withLock whether {@link #lock()} is available
     * @return the array
     */
    public static OfDouble ofDouble(double[] values, boolean withLock) {
        return (OfDouble) of(TypeCode.DOUBLE, (Object) values, withLock);
    }

    /**
     * The element type (Python's {@code _type_} of the ctypes array).
     *
     * @return the type
     */
    public TypeCode typecode() {
        return cells.type;
    }

    /**
     * Python's {@code len(a)}; fixed at creation.
     *
     * @return the number of elements
     */
    public int length() {
        return length;
    }

    /**
     * Python's {@code a[i]}, boxed as the typecode's Java type (see {@link TypeCode}).
     *
     * @param index the element's position
     * @return the element, read atomically
     * @throws IndexOutOfBoundsException when {@code index} is outside the array
     */
    public Object getObject(int index) {
        return cells.get(index);
    }

    /**
     * Python's {@code a[i] = v}; refused when {@code v} does not fit the type.
     *
     * @param index the element's position
     * @param value a number, a Boolean, or for {@code c}/{@code u} a character or one-character
     *              string
     * @throws IndexOutOfBoundsException when {@code index} is outside the array
     * @throws IllegalArgumentException when {@code value} is of the wrong kind or out of range
     * @throws NullPointerException when {@code value} is null
     */
    public void setObject(int index, Object value) {
        cells.set(index, value);
    }

    /**
     * An element of an integer, char or bool type as a long, without boxing.
     *
     * @param index the element's position
     * @return the element (1 or 0 for a bool; the unsigned bits for {@code L} and {@code Q})
     * @throws IndexOutOfBoundsException when {@code index} is outside the array
     * @throws UnsupportedOperationException for {@code f} and {@code d}
     */
    public long getLong(int index) {
        return cells.getLong(index);
    }

    /**
     * Sets an element from a long, without boxing (a float type takes it as a double).
     *
     * @param index the element's position
     * @param value the new value
     * @throws IndexOutOfBoundsException when {@code index} is outside the array
     * @throws IllegalArgumentException when {@code value} is out of the type's range
     */
    public void setLong(int index, long value) {
        cells.setLong(index, value);
    }

    /**
     * An element as a double, for any type.
     *
     * @param index the element's position
     * @return the element
     * @throws IndexOutOfBoundsException when {@code index} is outside the array
     */
    public double getDouble(int index) {
        return cells.getDouble(index);
    }

    /**
     * Sets an element of a {@code 'f'} or {@code 'd'} array, without boxing.
     *
     * @param index the element's position
     * @param value the new value
     * @throws IndexOutOfBoundsException when {@code index} is outside the array
     * @throws UnsupportedOperationException for the integer, char and bool types
     */
    public void setDouble(int index, double value) {
        cells.setDouble(index, value);
    }

    /**
     * Atomically adds to an integer or char element, wrapping within the type, without the lock.
     *
     * @param index the element's position
     * @param delta the amount to add
     * @return the previous value
     * @throws IndexOutOfBoundsException when {@code index} is outside the array
     * @throws UnsupportedOperationException for {@code f}, {@code d} and {@code ?}
     */
    public long getAndAddLong(int index, long delta) {
        return cells.getAndAddLong(index, delta);
    }

    /**
     * Atomically sets an integer, char or bool element if it is {@code expected}, without the lock.
     *
     * @param index    the element's position
     * @param expected the value it must have
     * @param value    the new value
     * @return true when set
     * @throws IndexOutOfBoundsException when {@code index} is outside the array
     * @throws UnsupportedOperationException for {@code f} and {@code d}
     * @throws IllegalArgumentException when {@code value} is out of the type's range
     */
    public boolean compareAndSetLong(int index, long expected, long value) {
        return cells.compareAndSetLong(index, expected, value);
    }

    /**
     * Python's {@code a[from:to]}: a new Java array of the typecode's type ({@code byte[]},
     * {@code short[]}, {@code int[]}, {@code long[]}, {@code float[]}, {@code double[]} or
     * {@code boolean[]}; see {@link TypeCode}), read element by element.
     *
     * @param from the first position, inclusive
     * @param to   the end, exclusive
     * @return the elements
     * @throws IndexOutOfBoundsException when the range lies outside the array
     */
    public Object get(int from, int to) {
        return cells.getSlice(from, to);
    }

    /**
     * Python's {@code a[from:from+n] = values}: writes a Java array of numbers or booleans, or a
     * {@link List}, from {@code from}; every value is checked against the type first.
     *
     * @param from   the first position written
     * @param values the new elements
     * @throws IndexOutOfBoundsException when the values do not fit from {@code from}
     * @throws IllegalArgumentException when a value is of the wrong kind or out of range, or
     *         {@code values} is not an array or a List; nothing is written then
     * @throws NullPointerException when {@code values} or one of them is null
     */
    public void set(int from, Object values) {
        cells.setSlice(from, values);
    }

    /**
     * Every element, boxed (Python's {@code a[:]}), read element by element.
     *
     * @return a new list
     */
    public List<Object> toList() {
        return cells.toList();
    }

    /**
     * A {@code 'c'} (Latin-1) or {@code 'u'} array's text up to its first NUL (Python's
     * {@code value}).
     *
     * @return the text
     * @throws UnsupportedOperationException for the other typecodes
     */
    public String getString() {
        return cells.getString();
    }

    /**
     * Writes {@code text} from index 0 and a NUL after it when there is room (Python's
     * {@code value = ...}).
     *
     * @param text the text; Latin-1 characters only for a {@code 'c'} array
     * @throws UnsupportedOperationException for the other typecodes
     * @throws IllegalArgumentException when the text is longer than the array, or holds a
     *         character a {@code 'c'} array cannot store
     */
    public void setString(String text) {
        cells.setString(text);
    }

    /**
     * A copy of the elements' bytes, in the machine's byte order (Python's {@code bytes(a)}, a
     * {@code 'c'} array's {@code raw}).
     *
     * @return the bytes, {@code length() * typecode().byteSize()} of them
     */
    public byte[] toBytes() {
        return cells.toBytes();
    }

    /**
     * The elements' shared memory, for raw access in the machine's byte order (Python's
     * {@code memoryview(a)}); accesses through it have no memory ordering of their own.
     *
     * @return a slice of the shared segment holding the elements
     */
    public MemorySegment segment() {
        return cells.data();
    }

    /**
     * The lock that guards this array (Python's {@code get_lock()}): a non-reentrant {@link Lock}
     * for compound updates and consistent slices; the accessors never take it.
     *
     * @return the lock, shared by every process holding this array
     * @throws UnsupportedOperationException when the array was created without a lock
     */
    public Lock lock() {
        return cells.requireLock("Array");
    }

    /**
     * Whether the array was created with a lock.
     *
     * @return false for a {@code RawArray}
     */
    public boolean hasLock() {
        return cells.lock != null;
    }

    /**
     * The same shared array without its lock (Python's {@code get_obj()}).
     *
     * @return a view of the same memory whose {@link #lock()} throws
     */
    public Array getObj() {
        return wrap(cells.withoutLock());
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
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < length; i++) {
            joined.add(cells.format(i));
        }
        return joined.toString();
    }

    final long offset(int index, int elementSize) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for shared array of length " + length);
        }
        return Cells.ARRAY_DATA + (long) index * elementSize;
    }

    /**
     * Replaces the array with a handle naming its shared segment, which re-attaches to the same
     * array when deserialized in another process.
     *
     * @return the handle
     */
    @Serial
    final Object writeReplace() {
        return cells.handle(true);
    }

    /** A shared {@code int[]} ({@code 'i'}). */
    public static final class OfInt extends Array {
        private OfInt(Cells cells) {
            super(cells);
        }

        /**
         * Python's {@code a[i]}, read atomically, without boxing.
         *
         * @param index the element's position
         * @return the element
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public int get(int index) {
            return Words.getInt(memory, offset(index, 4));
        }

        /**
         * Python's {@code a[i] = v}, written atomically, without boxing.
         *
         * @param index the element's position
         * @param value the new value
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public void set(int index, int value) {
            Words.setInt(memory, offset(index, 4), value);
        }

        /**
         * Python's {@code a[from:to]}, read element by element.
         *
         * @param from the first position, inclusive
         * @param to   the end, exclusive
         * @return the elements
         * @throws IndexOutOfBoundsException when the range lies outside the array
         */
        @Override
        public int[] get(int from, int to) {
            return (int[]) cells.getSlice(from, to);
        }

        /**
         * Python's {@code a[from:from+n] = values}.
         *
         * @param from   the first position written
         * @param values the new elements
         * @throws IndexOutOfBoundsException when the values do not fit from {@code from}
         */
        public void set(int from, int[] values) {
            cells.setSlice(from, values);
        }

        /**
         * Atomically adds {@code delta} to an element, without the lock.
         *
         * @param index the element's position
         * @param delta the amount to add
         * @return the new value
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public int addAndGet(int index, int delta) {
            return Words.getAndAddInt(memory, offset(index, 4), delta) + delta;
        }

        /**
         * Atomically adds {@code delta} to an element, without the lock.
         *
         * @param index the element's position
         * @param delta the amount to add
         * @return the previous value
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public int getAndAdd(int index, int delta) {
            return Words.getAndAddInt(memory, offset(index, 4), delta);
        }

        /**
         * Atomically sets an element if it is {@code expected}, without the lock.
         *
         * @param index    the element's position
         * @param expected the value it must have
         * @param value    the new value
         * @return true when set
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public boolean compareAndSet(int index, int expected, int value) {
            return Words.casInt(memory, offset(index, 4), expected, value);
        }

        /**
         * Every element (Python's {@code a[:]}), read element by element.
         *
         * @return a new array
         */
        public int[] toArray() {
            return get(0, length);
        }

        /**
         * The same shared array without its lock (Python's {@code get_obj()}).
         *
         * @return a view of the same memory whose {@link #lock()} throws
         */
        @Override
        public OfInt getObj() {
            return (OfInt) super.getObj();
        }
    }

    /** A shared {@code long[]} ({@code 'q'} or {@code 'l'}). */
    public static final class OfLong extends Array {
        private OfLong(Cells cells) {
            super(cells);
        }

        /**
         * Python's {@code a[i]}, read atomically, without boxing.
         *
         * @param index the element's position
         * @return the element
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public long get(int index) {
            return Words.getLong(memory, offset(index, 8));
        }

        /**
         * Python's {@code a[i] = v}, written atomically, without boxing.
         *
         * @param index the element's position
         * @param value the new value
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public void set(int index, long value) {
            Words.setLong(memory, offset(index, 8), value);
        }

        /**
         * Python's {@code a[from:to]}, read element by element.
         *
         * @param from the first position, inclusive
         * @param to   the end, exclusive
         * @return the elements
         * @throws IndexOutOfBoundsException when the range lies outside the array
         */
        @Override
        public long[] get(int from, int to) {
            return (long[]) cells.getSlice(from, to);
        }

        /**
         * Python's {@code a[from:from+n] = values}.
         *
         * @param from   the first position written
         * @param values the new elements
         * @throws IndexOutOfBoundsException when the values do not fit from {@code from}
         */
        public void set(int from, long[] values) {
            cells.setSlice(from, values);
        }

        /**
         * Atomically adds {@code delta} to an element, without the lock.
         *
         * @param index the element's position
         * @param delta the amount to add
         * @return the new value
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public long addAndGet(int index, long delta) {
            return Words.getAndAddLong(memory, offset(index, 8), delta) + delta;
        }

        /**
         * Atomically adds {@code delta} to an element, without the lock.
         *
         * @param index the element's position
         * @param delta the amount to add
         * @return the previous value
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public long getAndAdd(int index, long delta) {
            return Words.getAndAddLong(memory, offset(index, 8), delta);
        }

        /**
         * Atomically sets an element if it is {@code expected}, without the lock.
         *
         * @param index    the element's position
         * @param expected the value it must have
         * @param value    the new value
         * @return true when set
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public boolean compareAndSet(int index, long expected, long value) {
            return Words.casLong(memory, offset(index, 8), expected, value);
        }

        /**
         * Every element (Python's {@code a[:]}), read element by element.
         *
         * @return a new array
         */
        public long[] toArray() {
            return get(0, length);
        }

        /**
         * The same shared array without its lock (Python's {@code get_obj()}).
         *
         * @return a view of the same memory whose {@link #lock()} throws
         */
        @Override
        public OfLong getObj() {
            return (OfLong) super.getObj();
        }
    }

    /** A shared {@code double[]} ({@code 'd'}); atomic operations compare bit patterns. */
    public static final class OfDouble extends Array {
        private OfDouble(Cells cells) {
            super(cells);
        }

        /**
         * Python's {@code a[i]}, read atomically, without boxing.
         *
         * @param index the element's position
         * @return the element
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public double get(int index) {
            return cells.getDouble(index);
        }

        /**
         * Python's {@code a[i] = v}, written atomically, without boxing.
         *
         * @param index the element's position
         * @param value the new value
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public void set(int index, double value) {
            cells.setDouble(index, value);
        }

        /**
         * Python's {@code a[from:to]}, read element by element.
         *
         * @param from the first position, inclusive
         * @param to   the end, exclusive
         * @return the elements
         * @throws IndexOutOfBoundsException when the range lies outside the array
         */
        @Override
        public double[] get(int from, int to) {
            return (double[]) cells.getSlice(from, to);
        }

        /**
         * Python's {@code a[from:from+n] = values}.
         *
         * @param from   the first position written
         * @param values the new elements
         * @throws IndexOutOfBoundsException when the values do not fit from {@code from}
         */
        public void set(int from, double[] values) {
            cells.setSlice(from, values);
        }

        /**
         * Atomically adds {@code delta} to an element, without the lock.
         *
         * @param index the element's position
         * @param delta the amount to add
         * @return the previous value
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public double getAndAdd(int index, double delta) {
            return cells.getAndAddDouble(index, delta);
        }

        /**
         * Atomically adds {@code delta} to an element, without the lock.
         *
         * @param index the element's position
         * @param delta the amount to add
         * @return the new value
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public double addAndGet(int index, double delta) {
            return cells.getAndAddDouble(index, delta) + delta;
        }

        /**
         * Atomically sets an element if it is {@code expected}, without the lock (bit patterns are compared).
         *
         * @param index    the element's position
         * @param expected the value it must have
         * @param value    the new value
         * @return true when set
         * @throws IndexOutOfBoundsException when {@code index} is outside the array
         */
        public boolean compareAndSet(int index, double expected, double value) {
            return cells.compareAndSetDouble(index, expected, value);
        }

        /**
         * Every element (Python's {@code a[:]}), read element by element.
         *
         * @return a new array
         */
        public double[] toArray() {
            return get(0, length);
        }

        /**
         * The same shared array without its lock (Python's {@code get_obj()}).
         *
         * @return a view of the same memory whose {@link #lock()} throws
         */
        @Override
        public OfDouble getObj() {
            return (OfDouble) super.getObj();
        }
    }
}
