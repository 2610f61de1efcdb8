package dev.mp4j.shm;

import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.sync.SyncAccess;
import dev.mp4j.sync.Lock;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one implementation behind {@link Value} and {@link Array}: {@code length} elements of one
 * {@link TypeCode} at {@code base} of a shared segment, with an optional {@link Lock}. A Value is
 * one element at offset 8 of a 64-byte segment whose first word is its lock's (so a locked update
 * moves one cache line); an Array has a 64-byte header (length, typecode) and its elements after it,
 * and a lock in a segment of its own.
 *
 * <p>Every element read and write is a volatile (sequentially consistent) access, atomic for every
 * type, across threads and processes. Read-modify-write operations are atomic too: natively for
 * 4- and 8-byte elements, by a compare-and-set of the aligned 4-byte word that holds a 1- or 2-byte
 * element otherwise. Slices and text are read and written element by element; the lock is never
 * taken here (it is the caller's, for compound updates, as in Python).
 *
 * <p>Values are checked against their type's range before anything is written. Thread-safe and
 * immutable (the memory is what changes).
 */
final class Cells {
    static final long VALUE_OFFSET = 8;
    static final long ARRAY_DATA = 64;
    private static final VarHandle I8 = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle I16 = ValueLayout.JAVA_SHORT.varHandle();
    private static final VarHandle I32 = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle I64 = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle F32 = ValueLayout.JAVA_FLOAT.varHandle();
    private static final VarHandle F64 = ValueLayout.JAVA_DOUBLE.varHandle();
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    final SharedSegment segment;
    final MemorySegment memory;
    final TypeCode type;
    final int length;
    final long base;
    final Lock lock;

    private Cells(SharedSegment segment, TypeCode type, int length, long base, Lock lock) {
        long end = base + (long) length * type.byteSize();
        if (length < 0 || end > segment.size()) {
            throw new IllegalStateException("shared " + type + " memory " + segment.name() + " is corrupt: " + length
                    + " elements at offset " + base + " do not fit its " + segment.size() + " bytes");
        }
        this.segment = segment;
        this.memory = segment.segment();
        this.type = type;
        this.length = length;
        this.base = base;
        this.lock = lock;
    }

    /** One zero element, with its lock in the same cache line or none. */
    static Cells newValue(TypeCode type, boolean withLock) {
        SharedSegment segment = SharedSegment.create(64);
        return new Cells(segment, Objects.requireNonNull(type, "type"), 1, VALUE_OFFSET,
                withLock ? SyncAccess.lockAt(segment, 0) : null);
    }

    /** {@code length} zero elements, with a lock of their own or none. */
    static Cells newArray(TypeCode type, int length, boolean withLock) {
        Objects.requireNonNull(type, "type");
        if (length < 0) {
            throw new IllegalArgumentException("array length must be >= 0, not " + length);
        }
        SharedSegment segment = SharedSegment.create(ARRAY_DATA + (long) length * type.byteSize());
        segment.segment().set(ValueLayout.JAVA_INT, 0, length);
        segment.segment().set(ValueLayout.JAVA_INT, 4, type.code());
        return new Cells(segment, type, length, ARRAY_DATA, withLock ? Lock.create() : null);
    }

    /** The same memory without the lock (Python's {@code get_obj()}). */
    Cells withoutLock() {
        return new Cells(segment, type, length, base, null);
    }

    Lock requireLock(String what) {
        if (lock == null) {
            throw new UnsupportedOperationException("this " + what + " was created without a lock (withLock=false);"
                    + " create it with a lock to get one, or use the atomic operations");
        }
        return lock;
    }

    long offset(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for shared array of length " + length);
        }
        return base + (long) index * type.byteSize();
    }

    // ---- raw bits: the element's bytes as a sign-extended long

    private long bits(long at) {
        return switch (type.byteSize()) {
            case 1 -> (byte) I8.getVolatile(memory, at);
            case 2 -> (short) I16.getVolatile(memory, at);
            case 4 -> (int) I32.getVolatile(memory, at);
            default -> (long) I64.getVolatile(memory, at);
        };
    }

    private void putBits(long at, long bits) {
        switch (type.byteSize()) {
            case 1 -> I8.setVolatile(memory, at, (byte) bits);
            case 2 -> I16.setVolatile(memory, at, (short) bits);
            case 4 -> I32.setVolatile(memory, at, (int) bits);
            default -> I64.setVolatile(memory, at, bits);
        }
    }

    /** The Java value (see {@link TypeCode}) of raw bits, as a long. */
    private long decode(long bits) {
        return switch (type) {
            case UNSIGNED_BYTE -> bits & 0xFF;
            case UNSIGNED_SHORT -> bits & 0xFFFF;
            case UNSIGNED_INT -> bits & 0xFFFF_FFFFL;
            case BOOL -> bits != 0 ? 1 : 0;
            default -> bits;
        };
    }

    /** The raw bits of {@code value}, refused when it is outside the type's range. */
    private long encode(long value) {
        boolean inRange = switch (type) {
            case BYTE -> value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE;
            case CHAR -> value >= Byte.MIN_VALUE && value <= 0xFF;
            case UNSIGNED_BYTE -> value >= 0 && value <= 0xFF;
            case SHORT -> value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
            case UNSIGNED_SHORT -> value >= 0 && value <= 0xFFFF;
            case INT -> value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
            case UNSIGNED_INT -> value >= 0 && value <= 0xFFFF_FFFFL;
            case WCHAR -> value >= 0 && value <= Character.MAX_CODE_POINT;
            case BOOL -> true;
            default -> true;
        };
        if (!inRange) {
            throw new IllegalArgumentException("value " + value + " is out of range for typecode " + type + ": "
                    + range());
        }
        return type == TypeCode.BOOL ? (value != 0 ? 1 : 0) : value;
    }

    private String range() {
        return switch (type) {
            case BYTE -> "-128..127";
            case CHAR -> "-128..255 (a byte)";
            case UNSIGNED_BYTE -> "0..255";
            case SHORT -> "-32768..32767";
            case UNSIGNED_SHORT -> "0..65535";
            case INT -> Integer.MIN_VALUE + ".." + Integer.MAX_VALUE;
            case UNSIGNED_INT -> "0..4294967295";
            case WCHAR -> "a Unicode code point, 0..0x10FFFF";
            default -> "any long";
        };
    }

    private void requireIntegral(String operation) {
        if (type.isFloatingPoint()) {
            throw new UnsupportedOperationException(operation + " does not apply to typecode " + type
                    + ": use the double accessors");
        }
    }

    private void requireFloatingPoint(String operation) {
        if (!type.isFloatingPoint()) {
            throw new UnsupportedOperationException(operation + " does not apply to typecode " + type
                    + ": use the long accessors");
        }
    }

    // ---- elements

    long getLong(int index) {
        requireIntegral("getLong");
        return decode(bits(offset(index)));
    }

    void setLong(int index, long value) {
        long at = offset(index);
        if (type.isFloatingPoint()) {
            setDouble(index, value);
            return;
        }
        putBits(at, encode(value));
    }

    double getDouble(int index) {
        long at = offset(index);
        return switch (type) {
            case FLOAT -> (float) F32.getVolatile(memory, at);
            case DOUBLE -> (double) F64.getVolatile(memory, at);
            case UNSIGNED_LONG, UNSIGNED_LONG_LONG -> unsignedToDouble(bits(at));
            default -> decode(bits(at));
        };
    }

    private static double unsignedToDouble(long bits) {
        return bits >= 0 ? bits : new BigInteger(Long.toUnsignedString(bits)).doubleValue();
    }

    void setDouble(int index, double value) {
        requireFloatingPoint("setDouble");
        long at = offset(index);
        if (type == TypeCode.FLOAT) {
            I32.setVolatile(memory, at, Float.floatToRawIntBits((float) value));
        } else {
            I64.setVolatile(memory, at, Double.doubleToRawLongBits(value));
        }
    }

    /** The element as its Java value, boxed (see {@link TypeCode}). */
    Object get(int index) {
        return switch (type) {
            case BYTE, CHAR -> (byte) getLong(index);
            case UNSIGNED_BYTE, SHORT -> (short) getLong(index);
            case UNSIGNED_SHORT, INT, WCHAR -> (int) getLong(index);
            case FLOAT -> (float) getDouble(index);
            case DOUBLE -> getDouble(index);
            case BOOL -> getLong(index) != 0;
            default -> getLong(index);
        };
    }

    /** Sets the element from a boxed value that fits the type. */
    void set(int index, Object value) {
        Objects.requireNonNull(value, "a shared value cannot be null");
        if (type.isFloatingPoint()) {
            if (!(value instanceof Number number)) {
                throw mismatch(value);
            }
            setDouble(index, number.doubleValue());
            return;
        }
        setLong(index, toLong(value));
    }

    private long toLong(Object value) {
        return switch (value) {
            case Boolean b -> b ? 1 : 0;
            case Byte b -> b;
            case Short s -> s;
            case Integer i -> i;
            case Long l -> l;
            case BigInteger big when (type == TypeCode.UNSIGNED_LONG || type == TypeCode.UNSIGNED_LONG_LONG)
                    && big.signum() >= 0 && big.compareTo(TWO_TO_64) < 0 -> big.longValue();
            case BigInteger big when big.bitLength() < 64 -> big.longValue();
            case Character c when type == TypeCode.CHAR || type == TypeCode.WCHAR -> c;
            case String s when (type == TypeCode.CHAR || type == TypeCode.WCHAR) && s.codePointCount(0, s.length()) == 1 ->
                    s.codePointAt(0);
            case Number n when type == TypeCode.BOOL -> n.doubleValue() != 0 ? 1 : 0;
            default -> throw mismatch(value);
        };
    }

    private IllegalArgumentException mismatch(Object value) {
        return new IllegalArgumentException("a " + value.getClass().getSimpleName() + " (" + value
                + ") cannot be stored in typecode " + type + (type.isFloatingPoint() ? ": give a number"
                : type == TypeCode.WCHAR || type == TypeCode.CHAR ? ": give a character, a one-character string or an integer"
                : ": give an integral number"));
    }

    // ---- atomic read-modify-write

    /** Adds {@code delta} atomically, wrapping within the type; returns the previous value. */
    long getAndAddLong(int index, long delta) {
        requireIntegral("getAndAdd");
        if (type == TypeCode.BOOL) {
            throw new UnsupportedOperationException("cannot add to a bool; use compareAndSet");
        }
        long at = offset(index);
        return switch (type.byteSize()) {
            case 8 -> (long) I64.getAndAdd(memory, at, delta);
            case 4 -> decode((int) I32.getAndAdd(memory, at, (int) delta));
            default -> {
                while (true) {
                    long old = bits(at);
                    if (casNarrow(at, old, old + delta)) {
                        yield decode(old);
                    }
                }
            }
        };
    }

    /** Sets {@code value} if the element is {@code expected}; atomic. */
    boolean compareAndSetLong(int index, long expected, long value) {
        requireIntegral("compareAndSet");
        long at = offset(index);
        long update = encode(value);
        long expect = type == TypeCode.BOOL ? (expected != 0 ? 1 : 0) : expected;
        return switch (type.byteSize()) {
            case 8 -> I64.compareAndSet(memory, at, expect, update);
            case 4 -> I32.compareAndSet(memory, at, (int) expect, (int) update);
            default -> casNarrow(at, expect, update);
        };
    }

    long getAndSetLong(int index, long value) {
        requireIntegral("getAndSet");
        long at = offset(index);
        long update = encode(value);
        return switch (type.byteSize()) {
            case 8 -> (long) I64.getAndSet(memory, at, update);
            case 4 -> decode((int) I32.getAndSet(memory, at, (int) update));
            default -> {
                while (true) {
                    long old = bits(at);
                    if (casNarrow(at, old, update)) {
                        yield decode(old);
                    }
                }
            }
        };
    }

    /**
     * Compare-and-set of a 1- or 2-byte element through the aligned 4-byte word that holds it
     * (little-endian, as on x86-64): false when the element is not {@code expected} or a
     * neighbour changed meanwhile (callers loop).
     */
    private boolean casNarrow(long at, long expected, long value) {
        long word = at & ~3L;
        int shift = (int) (at - word) * 8;
        int mask = (type.byteSize() == 1 ? 0xFF : 0xFFFF) << shift;
        int current = (int) I32.getVolatile(memory, word);
        if (((current & mask) >>> shift) != (expected & (mask >>> shift))) {
            return false;
        }
        int replaced = (current & ~mask) | (((int) value << shift) & mask);
        return I32.compareAndSet(memory, word, current, replaced);
    }

    /** Adds {@code delta} to a float or double atomically; returns the previous value. */
    double getAndAddDouble(int index, double delta) {
        requireFloatingPoint("getAndAdd");
        while (true) {
            double current = getDouble(index);
            if (compareAndSetDouble(index, current, current + delta)) {
                return current;
            }
        }
    }

    /** Compares bit patterns (so NaN can be replaced and 0.0 is not -0.0). */
    boolean compareAndSetDouble(int index, double expected, double value) {
        requireFloatingPoint("compareAndSet");
        long at = offset(index);
        return type == TypeCode.FLOAT
                ? I32.compareAndSet(memory, at, Float.floatToRawIntBits((float) expected), Float.floatToRawIntBits((float) value))
                : I64.compareAndSet(memory, at, Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value));
    }

    double getAndSetDouble(int index, double value) {
        requireFloatingPoint("getAndSet");
        long at = offset(index);
        return type == TypeCode.FLOAT
                ? Float.intBitsToFloat((int) I32.getAndSet(memory, at, Float.floatToRawIntBits((float) value)))
                : Double.longBitsToDouble((long) I64.getAndSet(memory, at, Double.doubleToRawLongBits(value)));
    }

    // ---- slices

    /** Elements {@code from} (inclusive) to {@code to} (exclusive) as the type's Java array. */
    Object getSlice(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        int n = to - from;
        switch (type) {
            case BYTE, CHAR -> {
                byte[] out = new byte[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (byte) getLong(from + i);
                }
                return out;
            }
            case UNSIGNED_BYTE, SHORT -> {
                short[] out = new short[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (short) getLong(from + i);
                }
                return out;
            }
            case UNSIGNED_SHORT, INT, WCHAR -> {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (int) getLong(from + i);
                }
                return out;
            }
            case FLOAT -> {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (float) getDouble(from + i);
                }
                return out;
            }
            case DOUBLE -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = getDouble(from + i);
                }
                return out;
            }
            case BOOL -> {
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) {
                    out[i] = getLong(from + i) != 0;
                }
                return out;
            }
            default -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = getLong(from + i);
                }
                return out;
            }
        }
    }

    /**
     * Writes {@code values} (a Java array of numbers or booleans, or a {@link List}) from index
     * {@code from}; every value is checked before the first is written.
     */
    void setSlice(int from, Object values) {
        Objects.requireNonNull(values, "values");
        List<Object> boxed = boxed(values);
        Objects.checkFromIndexSize(from, boxed.size(), length);
        if (type.isFloatingPoint()) {
            double[] checked = new double[boxed.size()];
            for (int i = 0; i < checked.length; i++) {
                Object value = Objects.requireNonNull(boxed.get(i), "a shared value cannot be null");
                if (!(value instanceof Number number)) {
                    throw mismatch(value);
                }
                checked[i] = number.doubleValue();
            }
            for (int i = 0; i < checked.length; i++) {
                setDouble(from + i, checked[i]);
            }
            return;
        }
        long[] checked = new long[boxed.size()];
        for (int i = 0; i < checked.length; i++) {
            checked[i] = encode(toLong(Objects.requireNonNull(boxed.get(i), "a shared value cannot be null")));
        }
        for (int i = 0; i < checked.length; i++) {
            putBits(offset(from + i), checked[i]);
        }
    }

    private static List<Object> boxed(Object values) {
        if (values instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (!values.getClass().isArray()) {
            throw new IllegalArgumentException("values must be an array or a List, not a " + values.getClass().getName());
        }
        int n = java.lang.reflect.Array.getLength(values);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(java.lang.reflect.Array.get(values, i));
        }
        return out;
    }

    /** Every element, boxed. */
    List<Object> toList() {
        List<Object> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            out.add(get(i));
        }
        return out;
    }

    // ---- raw memory and text

    /** The elements' memory, in the machine's byte order. */
    MemorySegment data() {
        return memory.asSlice(base, (long) length * type.byteSize());
    }

    /** A copy of the elements' bytes (Python's {@code bytes(obj)}, a {@code 'c'} array's {@code raw}). */
    byte[] toBytes() {
        return data().toArray(ValueLayout.JAVA_BYTE);
    }

    /** The text of a {@code 'c'} (Latin-1) or {@code 'u'} array up to its first NUL (Python's {@code value}). */
    String getString() {
        requireText();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            long c = getLong(i) & (type == TypeCode.CHAR ? 0xFF : 0xFFFF_FFFFL);
            if (c == 0) {
                break;
            }
            text.appendCodePoint((int) c);
        }
        return text.toString();
    }

    /** Writes {@code text} from index 0, then a NUL when there is room (Python's {@code value = ...}). */
    void setString(String text) {
        requireText();
        int[] codePoints = text.codePoints().toArray();
        if (codePoints.length > length) {
            throw new IllegalArgumentException("a text of " + codePoints.length + " characters does not fit a "
                    + type + " array of length " + length);
        }
        for (int c : codePoints) {
            if (type == TypeCode.CHAR && c > 0xFF) {
                throw new IllegalArgumentException("character U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                        + " is not Latin-1: a 'c' array holds bytes; use a 'u' array for any text");
            }
        }
        for (int i = 0; i < codePoints.length; i++) {
            putBits(offset(i), codePoints[i]);
        }
        if (codePoints.length < length) {
            putBits(offset(codePoints.length), 0);
        }
    }

    private void requireText() {
        if (type != TypeCode.CHAR && type != TypeCode.WCHAR) {
            throw new UnsupportedOperationException("only 'c' and 'u' arrays hold text, not typecode " + type);
        }
    }

    /** Python's repr of one element, for toString. */
    String format(int index) {
        Object value = get(index);
        if (type == TypeCode.UNSIGNED_LONG || type == TypeCode.UNSIGNED_LONG_LONG) {
            return Long.toUnsignedString((Long) value);
        }
        if (type == TypeCode.WCHAR) {
            return "'" + Character.toString((Integer) value) + "'";
        }
        return String.valueOf(value);
    }

    Handle handle(boolean array) {
        return new Handle(segment.name(), type.code(), length, base, lock, array);
    }

    /**
     * What crosses a process boundary in place of a Value or Array. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String segment;
        private final char code;
        private final int length;
        private final long base;
        private final Lock lock;
        private final boolean array;

        Handle(String segment, char code, int length, long base, Lock lock, boolean array) {
            this.segment = segment;
            this.code = code;
            this.length = length;
            this.base = base;
            this.lock = lock;
            this.array = array;
        }

        @Serial
        private Object readResolve() {
            Cells cells = new Cells(SharedSegment.open(segment), TypeCode.of(code), length, base, lock);
            return array ? Array.wrap(cells) : Value.wrap(cells);
        }
    }
}
