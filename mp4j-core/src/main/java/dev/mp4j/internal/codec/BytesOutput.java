package dev.mp4j.internal.codec;

import dev.mp4j.SerializationException;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer. Not thread-safe: one writer at a time.
 */
public final class BytesOutput extends OutputStream {
    private byte[] buffer;
    private int size;

    public BytesOutput(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed < 0) {
            throw new SerializationException("encoded value exceeds 2 GiB");
        }
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    public void writeByte(int b) {
        write(b);
    }

    public void writeInt(int v) {
        ensure(4);
        putInt(size, v);
        size += 4;
    }

    /**
     * Writes the first {@code count} elements of {@code elements} as big-endian ints if all of them
     * are Integers; otherwise writes nothing and returns false. An array, not a list: one type at the
     * loop's only element access, so the loop stays tight in a JVM whose lists are of many kinds.
     */
    public boolean writeIntegers(Object[] elements, int count) {
        ensure(4 * count);
        int position = size;
        for (int i = 0; i < count; i++) {
            if (!(elements[i] instanceof Integer value)) {
                return false;
            }
            putInt(position, value);
            position += 4;
        }
        size = position;
        return true;
    }

    /** Writes {@code values} as big-endian ints. */
    public void writeInts(int[] values) {
        ensure(4 * values.length);
        int position = size;
        for (int v : values) {
            putInt(position, v);
            position += 4;
        }
        size = position;
    }

    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    /** Writes a length-prefixed UTF-8 string. */
    public void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        write(utf8, 0, utf8.length);
    }

    /**
     * Overwrites 4 bytes at {@code position} (to patch a length prefix, and for every int written).
     * Plain shifts, not a byte-array VarHandle: those are slow until C2 has compiled the caller.
     */
    public void putInt(int position, int v) {
        buffer[position] = (byte) (v >>> 24);
        buffer[position + 1] = (byte) (v >>> 16);
        buffer[position + 2] = (byte) (v >>> 8);
        buffer[position + 3] = (byte) v;
    }

    /** Drops everything written after {@code mark} (a former {@link #size()}). */
    public void truncate(int mark) {
        if (mark < 0 || mark > size) {
            throw new IllegalArgumentException("mark " + mark + " outside 0.." + size);
        }
        size = mark;
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** The backing array; valid up to {@link #size()} until the next write. */
    public byte[] array() {
        return buffer;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }
}
