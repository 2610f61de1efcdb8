package dev.mp4j.shm;

import dev.mp4j.internal.shm.Words;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A fixed-length list in one shared-memory block, readable and writable by every process that
 * opens it by name: Python's {@code multiprocessing.shared_memory.ShareableList}.
 *
 * <pre>{@code
 * ShareableList list = ShareableList.create(List.of(1, 2.5, "howdy", true));
 * Process p = Process.of(() -> list.set(2, "hi"));   // the list re-attaches in the child
 * p.start(); p.join();
 * list.get(2);                                        // "hi"
 * ShareableList same = ShareableList.open(list.name());
 * }</pre>
 *
 * <p>Items are {@code Integer}, {@code Long}, {@code Double}, {@code Boolean}, {@code String},
 * {@code byte[]} or null (Python's int, float, bool, str, bytes and None), and come back as the type
 * that was stored. The length is fixed ({@code add} and {@code remove} are unsupported), and so is
 * each item's room: 8 bytes, or a string's or byte array's size rounded up to 8, as in Python; a
 * {@link #set} that needs more is refused ("exceeds available storage"), and any item may replace
 * another that fits.
 *
 * <p>Unlike Python's, each item is read and written whole: a per-item sequence word makes a reader
 * retry while a writer (in any process) is in the middle of that item, and writers of one item take
 * turns. A writer that dies in the middle leaves its item unreadable: reads of it fail after
 * {@value #STUCK_MILLIS} ms with an {@link IllegalStateException} instead of spinning for ever.
 *
 * <p>The creating instance owns the block ({@link #close()} unlinks it, as for {@link SharedMemory});
 * keep it reachable while other processes use the list. Thread-safe.
 */
public final class ShareableList extends AbstractList<Object> implements RandomAccess, Serializable, AutoCloseable {
    static final long STUCK_MILLIS = 2000;
    private static final int HEADER = 64;
    private static final int SLOT = 32;
    private static final long SEQUENCE = 0;
    private static final long TAG = 4;
    private static final long LENGTH = 8;
    private static final long CAPACITY = 12;
    private static final long DATA = 16;
    private static final int NONE = 0;
    private static final int INT = 1;
    private static final int LONG = 2;
    private static final int DOUBLE = 3;
    private static final int BOOL = 4;
    private static final int STRING = 5;
    private static final int BYTES = 6;

    private final transient SharedMemory shm;
    private final transient MemorySegment memory;
    private final transient int size;

    private ShareableList(SharedMemory shm) {
        this.shm = shm;
        this.memory = shm.segment();
        if (memory.byteSize() < HEADER) {
            throw new IllegalStateException("shared memory " + shm.name() + " is not a ShareableList: it has "
                    + memory.byteSize() + " bytes");
        }
        this.size = Words.getInt(memory, 0);
        if (size < 0 || HEADER + (long) size * SLOT > memory.byteSize()) {
            throw new IllegalStateException("shared memory " + shm.name() + " is not a ShareableList (or is corrupt):"
                    + " it announces " + size + " items in " + memory.byteSize() + " bytes");
        }
    }

    /**
     * A new list holding {@code values}, in a block with a generated name (Python's
     * {@code ShareableList(sequence)}).
     *
     * @param values the items: Integer, Long, Double, Boolean, String, byte[] or null
     * @return the list, owned by the caller
     * @throws IllegalArgumentException when an item's type is not supported
     * @throws NullPointerException when {@code values} is null
     */
    public static ShareableList create(List<?> values) {
        return create(null, values);
    }

    /**
     * A new list holding {@code values}, in a block named {@code name} (Python's
     * {@code ShareableList(sequence, name=name)}).
     *
     * @param name   the block's name; null for a generated one
     * @param values the items: Integer, Long, Double, Boolean, String, byte[] or null
     * @return the list, owned by the caller
     * @throws IllegalArgumentException when an item's type is not supported, or the name is taken
     *         or invalid
     * @throws NullPointerException when {@code values} is null
     */
    public static ShareableList create(String name, List<?> values) {
        Objects.requireNonNull(values, "values");
        byte[][] encoded = new byte[values.size()][];
        long total = HEADER + (long) values.size() * SLOT;
        for (int i = 0; i < values.size(); i++) {
            encoded[i] = encode(values.get(i), i);
            total += capacityFor(encoded[i]);
        }
        SharedMemory shm = name == null ? SharedMemory.create(total) : SharedMemory.create(name, total);
        MemorySegment memory = shm.segment();
        long data = HEADER + (long) values.size() * SLOT;
        for (int i = 0; i < values.size(); i++) {
            long slot = HEADER + (long) i * SLOT;
            int capacity = capacityFor(encoded[i]);
            memory.set(ValueLayout.JAVA_INT, slot + CAPACITY, capacity);
            memory.set(ValueLayout.JAVA_LONG, slot + DATA, data);
            write(memory, slot, tagOf(values.get(i)), encoded[i]);
            data += capacity;
        }
        Words.setInt(memory, 0, values.size());
        return new ShareableList(shm);
    }

    /**
     * Attaches to a list another process (or this one) created (Python's
     * {@code ShareableList(name=...)}).
     *
     * @param name the block's name
     * @return an attachment, which does not unlink the block when closed
     * @throws IllegalStateException when no block has that name, or the block is not a list
     */
    public static ShareableList open(String name) {
        return new ShareableList(SharedMemory.open(name));
    }

    private static int capacityFor(byte[] encoded) {
        return Math.max(8, (encoded.length + 7) & ~7);
    }

    private static int tagOf(Object value) {
        return switch (value) {
            case null -> NONE;
            case Integer i -> INT;
            case Long l -> LONG;
            case Double d -> DOUBLE;
            case Boolean b -> BOOL;
            case String s -> STRING;
            case byte[] b -> BYTES;
            default -> throw new IllegalArgumentException("a ShareableList holds Integer, Long, Double, Boolean, String,"
                    + " byte[] or null (Python's int, float, bool, str, bytes, None), not a " + value.getClass().getName());
        };
    }

    private static byte[] encode(Object value, int index) {
        return switch (value) {
            case null -> new byte[0];
            case Integer i -> longBytes(i);
            case Long l -> longBytes(l);
            case Double d -> longBytes(Double.doubleToRawLongBits(d));
            case Boolean b -> longBytes(b ? 1 : 0);
            case String s -> s.getBytes(StandardCharsets.UTF_8);
            case byte[] b -> b.clone();
            default -> {
                tagOf(value);
                throw new AssertionError(index);
            }
        };
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        MemorySegment.ofArray(bytes).set(ValueLayout.JAVA_LONG_UNALIGNED, 0, value);
        return bytes;
    }

    /** Writes an item into its slot (the caller holds the slot's sequence, or is its creator). */
    private static void write(MemorySegment memory, long slot, int tag, byte[] encoded) {
        long data = memory.get(ValueLayout.JAVA_LONG, slot + DATA);
        MemorySegment.copy(encoded, 0, memory, ValueLayout.JAVA_BYTE, data, encoded.length);
        memory.set(ValueLayout.JAVA_INT, slot + LENGTH, encoded.length);
        memory.set(ValueLayout.JAVA_INT, slot + TAG, tag);
    }

    private long slot(int index) {
        Objects.checkIndex(index, size);
        return HEADER + (long) index * SLOT;
    }

    /**
     * Python's {@code len(sl)}; fixed at creation.
     *
     * @return the number of items
     */
    @Override
    public int size() {
        return size;
    }

    /**
     * Python's {@code sl[i]}: the item as it was stored, read whole.
     *
     * @param index the item's position
     * @return the item, of the type stored; a {@code byte[]} is a copy
     * @throws IndexOutOfBoundsException when {@code index} is outside the list
     * @throws IllegalStateException when a writer died in the middle of this item, or the block
     *         is corrupt
     */
    @Override
    public Object get(int index) {
        long slot = slot(index);
        long deadline = System.nanoTime() + STUCK_MILLIS * 1_000_000;
        while (true) {
            int before = Words.getInt(memory, slot + SEQUENCE);
            if ((before & 1) == 0) {
                int tag = memory.get(ValueLayout.JAVA_INT, slot + TAG);
                int length = memory.get(ValueLayout.JAVA_INT, slot + LENGTH);
                int capacity = memory.get(ValueLayout.JAVA_INT, slot + CAPACITY);
                long data = memory.get(ValueLayout.JAVA_LONG, slot + DATA);
                byte[] bytes = null;
                if (length >= 0 && length <= capacity && data >= 0 && data + capacity <= memory.byteSize()) {
                    bytes = memory.asSlice(data, length).toArray(ValueLayout.JAVA_BYTE);
                }
                VarHandle.acquireFence();
                if (Words.getInt(memory, slot + SEQUENCE) == before) {
                    if (bytes == null) {
                        throw new IllegalStateException("ShareableList " + name() + " is corrupt at item " + index);
                    }
                    return decode(tag, bytes, index);
                }
            }
            waitTurn(deadline, index, "read");
        }
    }

    private Object decode(int tag, byte[] bytes, int index) {
        return switch (tag) {
            case NONE -> null;
            case INT -> (int) longOf(bytes);
            case LONG -> longOf(bytes);
            case DOUBLE -> Double.longBitsToDouble(longOf(bytes));
            case BOOL -> longOf(bytes) != 0;
            case STRING -> new String(bytes, StandardCharsets.UTF_8);
            case BYTES -> bytes;
            default -> throw new IllegalStateException("ShareableList " + name() + " is corrupt: item " + index
                    + " has type tag " + tag);
        };
    }

    private static long longOf(byte[] bytes) {
        return bytes.length < 8 ? 0 : MemorySegment.ofArray(bytes).get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
    }

    /**
     * Python's {@code sl[i] = value}: any supported item whose encoding fits the item's room.
     *
     * @param index the item's position
     * @param value the new item: Integer, Long, Double, Boolean, String, byte[] or null
     * @return the previous item
     * @throws IllegalArgumentException when it does not fit ("exceeds available storage") or has an
     *     unsupported type
     * @throws IndexOutOfBoundsException when {@code index} is outside the list
     * @throws IllegalStateException when a writer died in the middle of this item
     */
    @Override
    public Object set(int index, Object value) {
        long slot = slot(index);
        int tag = tagOf(value);
        byte[] encoded = encode(value, index);
        int capacity = memory.get(ValueLayout.JAVA_INT, slot + CAPACITY);
        if (encoded.length > capacity) {
            throw new IllegalArgumentException("item " + index + " of " + encoded.length + " bytes exceeds available"
                    + " storage of " + capacity + " bytes (an item's room is fixed when the list is created)");
        }
        long deadline = System.nanoTime() + STUCK_MILLIS * 1_000_000;
        while (true) {
            int sequence = Words.getInt(memory, slot + SEQUENCE);
            if ((sequence & 1) == 0 && Words.casInt(memory, slot + SEQUENCE, sequence, sequence + 1)) {
                Object previous;
                try {
                    int oldTag = memory.get(ValueLayout.JAVA_INT, slot + TAG);
                    int oldLength = memory.get(ValueLayout.JAVA_INT, slot + LENGTH);
                    long data = memory.get(ValueLayout.JAVA_LONG, slot + DATA);
                    previous = decode(oldTag, memory.asSlice(data, Math.clamp(oldLength, 0, capacity))
                            .toArray(ValueLayout.JAVA_BYTE), index);
                    write(memory, slot, tag, encoded);
                } finally {
                    Words.setIntRelease(memory, slot + SEQUENCE, sequence + 2);
                }
                return previous;
            }
            waitTurn(deadline, index, "written");
        }
    }

    private void waitTurn(long deadline, int index, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("item " + index + " of ShareableList " + name() + " could not be " + what
                    + ": a writer has been in the middle of it for " + STUCK_MILLIS + " ms (did a process die while"
                    + " writing it?)");
        }
        Thread.onSpinWait();
        Thread.yield();
    }

    /**
     * Python's {@code count(value)}: how many items equal {@code value} (arrays by content).
     *
     * @param value the item to count
     * @return the number of equal items
     */
    public int count(Object value) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (Objects.deepEquals(get(i), value)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Python's {@code index(value)}, returning -1 where Python raises ValueError; arrays compare
     * by content.
     *
     * @param value the item to find
     * @return the first position of an equal item, or -1
     */
    @Override
    public int indexOf(Object value) {
        for (int i = 0; i < size; i++) {
            if (Objects.deepEquals(get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Python's {@code format}: the struct format of the items as they are now.
     *
     * @return one code per item: {@code q} (Integer, Long), {@code d}, {@code ?}, {@code Ns}
     *         (String of N bytes of room), {@code Nb} (byte[]), {@code x} (null)
     */
    public String format() {
        StringBuilder format = new StringBuilder();
        for (int i = 0; i < size; i++) {
            long slot = HEADER + (long) i * SLOT;
            int capacity = memory.get(ValueLayout.JAVA_INT, slot + CAPACITY);
            format.append(switch (memory.get(ValueLayout.JAVA_INT, slot + TAG)) {
                case INT, LONG -> "q";
                case DOUBLE -> "d";
                case BOOL -> "xxxxxxx?";
                case STRING -> capacity + "s";
                case BYTES -> capacity + "b";
                default -> "x";
            });
        }
        return format.toString();
    }

    /**
     * The block the list lives in (Python's {@code shm}).
     *
     * @return the block
     */
    public SharedMemory shm() {
        return shm;
    }

    /**
     * The block's name, to {@link #open} the list by elsewhere.
     *
     * @return the name
     */
    public String name() {
        return shm.name();
    }

    /** Stops using the list in this process; the creator also unlinks its name. Idempotent. */
    @Override
    public void close() {
        shm.close();
    }

    @Override
    public String toString() {
        return "ShareableList(" + super.toString() + ", name='" + name() + "')";
    }

    /**
     * Replaces the list with a handle naming its block, which attaches to the same list when
     * deserialized in another process.
     *
     * @return the handle
     */
    @Serial
    private Object writeReplace() {
        return new Handle(shm.name());
    }

    /**
     * What crosses a process boundary in place of the list. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    private static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String name;

        Handle(String name) {
            this.name = name;
        }

        @Serial
        private Object readResolve() {
            return ShareableList.open(name);
        }
    }
}
